// What the qbXML tests need from outside the project: Intuit's schemas and captured traffic in
// ../shared/qbxml (third-party data, never copied here), and xmllint to validate against them.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { projectRoot } from '../../src/paths.js'

const run = promisify(execFile)

export const sharedQbxmlDir: string | undefined = (() => {
  const dir = join(projectRoot, '..', 'shared', 'qbxml')
  return existsSync(join(dir, 'qbxmlops130.xsd')) ? dir : undefined
})()

export const xmllintAvailable: boolean = await run('xmllint', ['--version']).then(
  () => true,
  () => false,
)

/** false when schema validation can run; otherwise the reason it is skipped, said plainly. */
export const schemaSkip: false | string = !sharedQbxmlDir
  ? 'skipped: ../shared/qbxml (Intuit qbXML schemas) is not beside the project'
  : !xmllintAvailable
    ? 'skipped: xmllint is not installed (apt-get install -y libxml2-utils)'
    : false

export const fixturesSkip: false | string = sharedQbxmlDir ? false : 'skipped: ../shared/qbxml/fixtures is not beside the project'

export interface SchemaResult {
  /** Documents that failed, with xmllint's complaint. */
  failures: { name: string; errors: string }[]
}

/** Validates many documents against one qbXML version's schema with a single xmllint run. */
export async function validateAgainstSchema(documents: { name: string; xml: string }[], version: '13.0' | '16.0'): Promise<SchemaResult> {
  const schema = join(sharedQbxmlDir!, version === '13.0' ? 'qbxmlops130.xsd' : 'qbxmlops160.xsd')
  const dir = await mkdtemp(join(tmpdir(), 'qbxml-'))
  try {
    const files: string[] = []
    for (const [i, doc] of documents.entries()) {
      const file = join(dir, `${String(i).padStart(5, '0')}.xml`)
      await writeFile(file, doc.xml, 'utf8')
      files.push(file)
    }
    const byFile = new Map(files.map((f, i) => [f, documents[i]!.name]))
    const result = await run('xmllint', ['--noout', '--schema', schema, ...files], { maxBuffer: 64 << 20 }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    )
    if (result.code === 5) throw new Error(`xmllint could not load ${schema}`)
    const failures = new Map<string, string>()
    for (const line of result.stderr.split('\n')) {
      const file = files.find((f) => line.startsWith(f))
      if (file && !line.endsWith(' validates'))
        failures.set(byFile.get(file)!, `${failures.get(byFile.get(file)!) ?? ''}${line.slice(file.length)}\n`)
    }
    if (result.code !== 0 && failures.size === 0) throw new Error(`xmllint exited ${result.code}: ${result.stderr.slice(0, 2000)}`)
    return { failures: [...failures].map(([name, errors]) => ({ name, errors })) }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
