// The fake QuickBooks of the tests is the product's simulated company (src/sandbox/simulated-company.ts,
// which serves sandbox connections), with every message it receives kept and checked against
// Intuit's schema (when ../shared and xmllint are there).
import { SimulatedCompany } from '../../src/sandbox/simulated-company.js'
import { sharedQbxmlDir, validateAgainstSchemaSync, versionOf, xmllintAvailable } from './qbxml.js'

export {
  type CompanyInvoice as FakeInvoice,
  type CompanyLine as FakeLine,
  CompanyList as FakeList,
  type CompanyListEntry as FakeListEntry,
  hcpResponse,
} from '../../src/sandbox/simulated-company.js'

export class FakeQuickBooks extends SimulatedCompany {
  /** Messages received and not yet checked against the schema. */
  private unchecked: string[] = []
  private readonly failures: string[] = []

  /** `schemaCheck: false` (benchmarks): messages are neither kept nor checked, to time the service alone. */
  constructor(options: ConstructorParameters<typeof SimulatedCompany>[0] & { schemaCheck?: boolean } = {}) {
    const check = options.schemaCheck ?? true
    super({
      ...options,
      record: check,
      ...(check && sharedQbxmlDir && xmllintAvailable ? { onMessage: (xml: string) => this.unchecked.push(xml) } : {}),
    })
  }

  /**
   * xmllint's complaint about every message received so far that does not validate against
   * Intuit's schema (empty without ../shared or xmllint). The messages are checked when this is
   * read, all in one xmllint run per qbXML version: loading the schema is most of xmllint's work.
   */
  get schemaFailures(): string[] {
    const pending = this.unchecked
    this.unchecked = []
    for (const version of ['13.0', '16.0'] as const) {
      const documents = pending.filter((xml) => versionOf(xml) === version).map((xml, i) => ({ name: String(i), xml }))
      if (documents.length === 0) continue
      for (const failure of validateAgainstSchemaSync(documents, version).failures) this.failures.push(failure.errors)
    }
    return this.failures
  }
}
