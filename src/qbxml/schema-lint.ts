// Intuit's qbXML schema checked with xmllint, for messages this service sends to a simulated company
// (sandbox connections) and for the tests. The schema files are Intuit's and never shipped here: the
// caller names the folder that holds them (qbxmlops130.xsd, qbxmlops160.xsd), and `xmllintAvailable`
// says whether the check can run at all.
import { execFile, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const xmllintAvailable: boolean = await run('xmllint', ['--version']).then(
  () => true,
  () => false,
)

/** Whether `dir` holds Intuit's qbXML schemas. */
export function holdsQbxmlSchemas(dir: string): boolean {
  return existsSync(join(dir, 'qbxmlops130.xsd')) && existsSync(join(dir, 'qbxmlops160.xsd'))
}

export interface SchemaResult {
  /** Documents that failed, with xmllint's complaint. */
  failures: { name: string; errors: string }[]
}

export type QbxmlVersion = '13.0' | '16.0'

/** Which schema a message's `<?qbxml version?>` names (13.0 unless it says 16.0). */
export function versionOf(xml: string): QbxmlVersion {
  return /<\?qbxml version="(\d+\.\d+)"\?>/.exec(xml)?.[1] === '16.0' ? '16.0' : '13.0'
}

interface Lint {
  schema: string
  files: string[]
  names: Map<string, string>
}

function prepareLint(schemaDir: string, dir: string, documents: { name: string; xml: string }[], version: QbxmlVersion): Lint {
  const schema = join(schemaDir, version === '13.0' ? 'qbxmlops130.xsd' : 'qbxmlops160.xsd')
  const files = documents.map((doc, i) => {
    const file = join(dir, `${String(i).padStart(5, '0')}.xml`)
    writeFileSync(file, doc.xml, 'utf8')
    return file
  })
  return { schema, files, names: new Map(files.map((f, i) => [f, documents[i]!.name])) }
}

/** xmllint's exit code and stderr, read into the documents that failed. */
function readLint(lint: Lint, code: number, stderr: string): SchemaResult {
  if (code === 5) throw new Error(`xmllint could not load ${lint.schema}`)
  const failures = new Map<string, string>()
  for (const line of stderr.split('\n')) {
    const file = lint.files.find((f) => line.startsWith(f))
    if (!file || line.endsWith(' validates')) continue
    const name = lint.names.get(file)!
    failures.set(name, `${failures.get(name) ?? ''}${line.slice(file.length)}\n`)
  }
  if (code !== 0 && failures.size === 0) throw new Error(`xmllint exited ${code}: ${stderr.slice(0, 2000)}`)
  return { failures: [...failures].map(([name, errors]) => ({ name, errors })) }
}

/**
 * Validates many documents against one qbXML version's schema with a single xmllint run: loading
 * Intuit's schema is most of xmllint's work (about a tenth of a second), checking a message is not.
 */
export async function lintQbxml(
  schemaDir: string,
  documents: { name: string; xml: string }[],
  version: QbxmlVersion,
): Promise<SchemaResult> {
  const dir = await mkdtemp(join(tmpdir(), 'qbxml-'))
  try {
    const lint = prepareLint(schemaDir, dir, documents, version)
    const result = await run('xmllint', ['--noout', '--schema', lint.schema, ...lint.files], { maxBuffer: 64 << 20 }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    )
    return readLint(lint, result.code, result.stderr)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The same, for callers that cannot wait (the simulated company answers synchronously). */
export function lintQbxmlSync(schemaDir: string, documents: { name: string; xml: string }[], version: QbxmlVersion): SchemaResult {
  const dir = mkdtempSync(join(tmpdir(), 'qbxml-'))
  try {
    const lint = prepareLint(schemaDir, dir, documents, version)
    const result = spawnSync('xmllint', ['--noout', '--schema', lint.schema, ...lint.files], { encoding: 'utf8', maxBuffer: 64 << 20 })
    if (result.error) throw result.error
    return readLint(lint, result.status ?? 1, result.stderr)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
