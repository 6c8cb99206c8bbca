// What the qbXML tests need from outside the project: Intuit's schemas and captured traffic in
// ../shared/qbxml (third-party data, never copied here), and xmllint to validate against them.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { projectRoot } from '../../src/paths.js'
import { lintQbxml, lintQbxmlSync, type QbxmlVersion, type SchemaResult, xmllintAvailable } from '../../src/qbxml/schema-lint.js'

export { type QbxmlVersion, type SchemaResult, versionOf, xmllintAvailable } from '../../src/qbxml/schema-lint.js'

export const sharedQbxmlDir: string | undefined = (() => {
  const dir = join(projectRoot, '..', 'shared', 'qbxml')
  return existsSync(join(dir, 'qbxmlops130.xsd')) ? dir : undefined
})()

/** false when schema validation can run; otherwise the reason it is skipped, said plainly. */
export const schemaSkip: false | string = !sharedQbxmlDir
  ? 'skipped: ../shared/qbxml (Intuit qbXML schemas) is not beside the project'
  : !xmllintAvailable
    ? 'skipped: xmllint is not installed (apt-get install -y libxml2-utils)'
    : false

export const fixturesSkip: false | string = sharedQbxmlDir ? false : 'skipped: ../shared/qbxml/fixtures is not beside the project'

/** Validates many documents against one qbXML version's schema in ../shared/qbxml, with one xmllint run. */
export function validateAgainstSchema(documents: { name: string; xml: string }[], version: QbxmlVersion): Promise<SchemaResult> {
  return lintQbxml(sharedQbxmlDir!, documents, version)
}

/** The same, for callers that cannot wait (the fake QuickBooks answers synchronously). */
export function validateAgainstSchemaSync(documents: { name: string; xml: string }[], version: QbxmlVersion): SchemaResult {
  return lintQbxmlSync(sharedQbxmlDir!, documents, version)
}
