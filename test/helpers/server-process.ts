// Runs the server exactly as `npm start` does (compiled dist/server.js), for tests of start-up,
// restart and shutdown that app.inject cannot show.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import { projectRoot } from '../../src/paths.js'

let built = false

export function serverProcessArgs(): string[] {
  if (!built) {
    // `npm test` has built already (pretest); this covers running tap directly. A no-op when current.
    execFileSync(process.execPath, [join(projectRoot, 'scripts', 'prepare.mjs'), '--build'], { cwd: projectRoot, stdio: 'inherit' })
    built = true
  }
  return ['--enable-source-maps', join(projectRoot, 'dist', 'src', 'server.js')]
}

export interface ServerProcess {
  child: ChildProcess
  /** Resolves with the base URL once the server logs that it listens. */
  listening: Promise<string>
  stdout(): string
  stderr(): string
  /** Resolves with the exit code. */
  exited: Promise<number | null>
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/** `nodeArgs` go before the script (a benchmark's `--inspect=127.0.0.1:0`, say). */
export function startServerProcess(env: Record<string, string>, nodeArgs: string[] = []): ServerProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...serverProcessArgs()], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
  })
  let out = ''
  let err = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let listened = false
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      // Looked for until found: a server logging every request (a benchmark) would make each later chunk rescan it all.
      if (listened) return
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out)
      if (m) {
        listened = true
        resolve(m[1]!)
      }
    })
    child.stderr!.on('data', (d) => (err += d))
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${err}\n${out}`)))
  })
  listening.catch(() => {})
  return {
    child,
    listening,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}
