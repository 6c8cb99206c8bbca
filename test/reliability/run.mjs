// `npm run test:reliability`: runs test/reliability/*.reliability.ts one file at a time (they load
// the 2-core machine on their own) against the real PostgreSQL, then prints the figures every part
// reported and their sum of anything lost. Exits with tap's status.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname
const figuresDir = process.env.RELIABILITY_FIGURES_DIR || join(tmpdir(), `invoice-sync-reliability-${process.pid}`)
rmSync(figuresDir, { recursive: true, force: true })
mkdirSync(figuresDir, { recursive: true })
const started = Date.now()
const files = readdirSync(join(root, 'test', 'reliability'))
  .filter((f) => f.endsWith('.reliability.ts'))
  .sort()
  .map((f) => join('test', 'reliability', f))
const tap = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'tap', 'dist', 'esm', 'run.mjs'), '--jobs=1', '--timeout=420', '--disable-coverage', ...files],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, RELIABILITY_FIGURES_DIR: figuresDir },
  },
)

const parts = readdirSync(figuresDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(figuresDir, f), 'utf8')))
const get = (part, key) => Number(parts.find((p) => p.part === part)?.[key] ?? 0)
const lost = ['crash', 'database', 'soak'].reduce((n, p) => n + get(p, 'lostEdits') + get(p, 'duplicates'), 0) + get('crash', 'missing')
const differing = get('crash', 'mismatched') + get('soak', 'mismatched')
const summary = {
  'crash trials': get('crash', 'trials'),
  'kills survived (SIGKILL)': get('crash', 'kills'),
  'database faults (cuts + backends terminated)': get('database', 'cuts') + get('database', 'backendsTerminated'),
  'Web Connector sessions completed': get('crash', 'sessionsCompleted') + get('database', 'sessions') + get('soak', 'sessions'),
  'hostile inputs tried': get('hostile', 'inputs'),
  'isolation requests': get('isolation', 'requests'),
  'invoices checked against QuickBooks': get('crash', 'invoicesChecked') + get('soak', 'invoicesChecked'),
  'acknowledged edits checked': get('crash', 'editsAcknowledged') + get('database', 'editsAcknowledged') + get('soak', 'editsAcknowledged'),
  'webhooks delivered (signature checked)': get('soak', 'webhooksDelivered'),
  'soak RSS first third / last third (MB)': `${get('soak', 'rssFirstThirdMb')} / ${get('soak', 'rssLastThirdMb')}`,
  'secrets found in logs': parts.reduce((n, p) => n + Number(p.secretsLeaked ?? 0), 0),
  'anything lost or duplicated': lost,
  'QuickBooks copies differing from a SYNCED invoice': differing,
}
console.log(
  `\nReliability summary (${Math.round((Date.now() - started) / 1000)} s, ${files.length} files, ${parts.length} reports; seeds: ${parts.map((p) => `${p.part}=${p.seed ?? '-'}`).join(' ')})`,
)
for (const [k, v] of Object.entries(summary)) console.log(`  ${k.padEnd(46)} ${v}`)
process.exit(tap.status ?? 1)
