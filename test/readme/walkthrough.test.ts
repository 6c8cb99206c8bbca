// README's "From zero to SYNCED in ten commands", run exactly as the README shows it: the commands
// are taken from README.md itself (its ```sh blocks in that section), so the README breaks this test
// when it drifts. Terminal 1's command starts the service (`npm start`, the embedded database in a
// directory of its own), terminal 2's the webhook receiver, and terminal 3's blocks run one after the
// other in one bash. Only the ports change: the test listens where nothing else does, so
// `localhost:3000` and `4000` become free ports; nothing else is rewritten.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { projectRoot } from '../../src/paths.js'

const SECTION = '## From zero to SYNCED in ten commands'
const has = (command: string) => spawnSync('bash', ['-c', `command -v ${command}`]).status === 0
const skip = !has('bash') ? 'skipped: bash is not installed' : !has('curl') ? 'skipped: curl is not installed' : false

/** The section's ```sh blocks, in order. */
export function walkthroughBlocks(readme: string): string[] {
  const start = readme.indexOf(SECTION)
  if (start < 0) throw new Error(`README.md has no "${SECTION}" section`)
  const end = readme.indexOf('\n## ', start + SECTION.length)
  const section = readme.slice(start, end < 0 ? undefined : end)
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
}

/** Requests a script makes with the README's `api` helper (its definition aside). */
export function requestsIn(script: string): number {
  return script.split('\n').reduce((n, line) => n + (line.startsWith('api()') ? 0 : (line.match(/(^|[\s($&|])api\s/g) ?? []).length), 0)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

function background(command: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  // A process group of its own, so `npm start`'s node child goes down with it.
  const child = spawn('bash', ['-c', command], { cwd: projectRoot, env, detached: true })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  return { child, output: () => output }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.on('exit', () => resolve())
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      resolve()
    }
  })
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

t.test('the README walkthrough takes a newcomer from nothing to a synced edit and its webhooks', { skip }, async (t) => {
  const blocks = walkthroughBlocks(await readFile(join(projectRoot, 'README.md'), 'utf8'))
  const [service, receiver, ...steps] = blocks
  t.match(service, /^# Terminal 1/, 'the first block starts the service')
  t.match(receiver, /^# Terminal 2/, 'the second starts the webhook receiver')
  t.same(
    steps.map((s) => /^# (\d+)\. /.exec(s)?.[1]),
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    'then ten numbered commands',
  )
  const script = steps.join('\n')
  const requests = requestsIn(script)
  const readme = await readFile(join(projectRoot, 'README.md'), 'utf8')
  t.match(readme, new RegExp(`That is ${requests} requests\\.`), `the README says how many requests the story takes (${requests})`)

  const [port, hookPort] = [await freePort(), await freePort()]
  const ports = (text: string) =>
    text
      .replaceAll('localhost:3000', `127.0.0.1:${port}`)
      .replaceAll('localhost:4000', `127.0.0.1:${hookPort}`)
      .replaceAll('listen(4000)', `listen(${hookPort})`)
  const dataDir = await mkdtemp(join(tmpdir(), 'walkthrough-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
  }

  const server = background(ports(service!), env)
  t.teardown(() => stop(server.child))
  const hooks = background(ports(receiver!), env)
  t.teardown(() => stop(hooks.child))
  await until(
    'the service to be ready',
    async () => {
      if (server.child.exitCode !== null) throw new Error(`the service stopped:\n${server.output()}`)
      const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined)
      return res?.status === 200 ? true : undefined
    },
    180_000,
  )

  const run = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', ports(script)], {
    cwd: projectRoot,
    env,
    encoding: 'utf8',
    timeout: 180_000,
  })
  t.equal(run.status, 0, `terminal 3's commands all succeed${run.status === 0 ? '' : `:\n${run.stdout}\n${run.stderr}`}`)
  const lines = run.stdout.trim().split('\n')
  t.equal(lines.at(-1), 'SYNCED', 'the last command prints SYNCED')
  t.match(run.stdout, /"outcome":"SESSION"/, 'the runs ran sessions')
  t.match(run.stdout, /1 invoice exported/)
  t.match(run.stdout, /1 invoice synced/)

  const printed = await until(
    'the webhooks',
    () => {
      const out = hooks.output()
      return /invoice\.exported/.test(out) && /invoice\.sync_status_changed .*"to":"SYNCED"/.test(out) ? out : undefined
    },
    30_000,
  )
  t.match(printed, /invoice\.exported \{.*"invoiceNumber":"1001"/, 'terminal 2 printed invoice.exported')
  t.match(printed, /invoice\.sync_status_changed \{.*"to":"PENDING"/, 'and the move to PENDING')
  t.match(printed, /invoice\.sync_status_changed \{.*"to":"SYNCED"/, 'and to SYNCED')
  t.comment(`the README story takes ${requests} requests`)
})

t.test('requests are counted from the api helper calls', async (t) => {
  t.equal(requestsIn('api() { curl; }\nX=$(api -X POST a | get id)\napi a && api b\napi -X PATCH c -d "$(api d | get v)"'), 5)
})
