// The WSDL served at GET /qbwc?wsdl is the project's own, written for the Web Connector 2.x contract.
// Here it is compared, part by part, with Intuit's (../shared/qbxml/qbwc.wsdl, third-party, read in
// place): the namespace, every schema element with its fields, types and occurrences, every
// message, the operations of the port type and the SOAP 1.1 binding's actions and styles. Only the
// names of the service, port and binding may differ, and Intuit's SOAP 1.2 binding, which the Web
// Connector does not use, is not served.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parseXml, type XmlElement } from '../../src/qbxml/xml-parser.js'
import { buildTestApp } from '../helpers/app.js'
import { sharedQbxmlDir } from '../helpers/qbxml.js'

const local = (name: string) => name.slice(name.indexOf(':') + 1)
const kids = (e: XmlElement | undefined, name: string) => (e?.children ?? []).filter((c) => local(c.name) === name)

/** What a Web Connector (or any SOAP client) relies on, as plain data to compare. */
function contract(wsdl: string) {
  const root = parseXml(wsdl, { maxDepth: 32 })
  const schema = kids(kids(root, 'types')[0], 'schema')[0]!
  const fields = (type: XmlElement | undefined) =>
    kids(kids(type, 'sequence')[0], 'element').map(
      (f) =>
        `${f.attributes.name}: ${f.attributes.type} [${f.attributes.minOccurs ?? '1'}..${f.attributes.maxOccurs ?? '1'}]${f.attributes.nillable ? ' nillable' : ''}`,
    )
  const elements = Object.fromEntries(kids(schema, 'element').map((e) => [e.attributes.name!, fields(kids(e, 'complexType')[0])]))
  const complexTypes = Object.fromEntries(kids(schema, 'complexType').map((c) => [c.attributes.name!, fields(c)]))
  const messages = Object.fromEntries(
    kids(root, 'message').map((m) => [m.attributes.name!, kids(m, 'part').map((p) => `${p.attributes.name} -> ${p.attributes.element}`)]),
  )
  const portTypes = kids(root, 'portType')
  const operations = Object.fromEntries(
    portTypes[0]!.children
      .filter((o) => local(o.name) === 'operation')
      .map((o) => [o.attributes.name!, `${kids(o, 'input')[0]?.attributes.message} / ${kids(o, 'output')[0]?.attributes.message}`]),
  )
  // The SOAP 1.1 binding: its operations' actions, style and body use.
  const soap11 = kids(root, 'binding').find((b) => b.children.some((c) => c.name === 'soap:binding'))!
  const binding = Object.fromEntries(
    kids(soap11, 'operation').map((o) => {
      const op = o.children.find((c) => c.name === 'soap:operation')!
      const use = (dir: string) => kids(kids(o, dir)[0], 'body')[0]?.attributes.use
      return [o.attributes.name!, `${op.attributes.soapAction} ${op.attributes.style} in:${use('input')} out:${use('output')}`]
    }),
  )
  const transport = soap11.children.find((c) => c.name === 'soap:binding')!.attributes.transport
  return {
    targetNamespace: root.attributes.targetNamespace,
    schemaNamespace: schema.attributes.targetNamespace,
    elementFormDefault: schema.attributes.elementFormDefault,
    elements,
    complexTypes,
    messages,
    portTypeCount: portTypes.length,
    operations,
    binding,
    transport,
  }
}

t.test(
  "the served WSDL describes the same contract as Intuit's",
  { skip: sharedQbxmlDir ? false : "skipped: ../shared/qbxml/qbwc.wsdl (Intuit's WSDL) is not beside the project" },
  async (t) => {
    const app = await buildTestApp(t)
    const served = await app.app.inject({ url: '/qbwc?wsdl', headers: { host: 'sync.example.com' } })
    t.equal(served.statusCode, 200)
    t.match(served.headers['content-type'], /xml/)
    const ours = contract(served.body)
    const intuit = contract(readFileSync(join(sharedQbxmlDir!, 'qbwc.wsdl'), 'utf8'))

    t.equal(ours.targetNamespace, 'http://developer.intuit.com/')
    t.equal(Object.keys(ours.operations).length, 8, 'eight operations')
    for (const key of ['targetNamespace', 'schemaNamespace', 'elementFormDefault', 'complexTypes', 'portTypeCount', 'transport'] as const)
      t.same(ours[key], intuit[key], key)
    for (const key of ['elements', 'messages', 'operations', 'binding'] as const) {
      t.same(Object.keys(ours[key]).sort(), Object.keys(intuit[key]).sort(), `the same ${key}`)
      for (const name of Object.keys(intuit[key])) t.same(ours[key][name], intuit[key][name], `${key}: ${name}`)
    }
  },
)

t.test('the WSDL names the address the request came to; forwarded headers count only behind TRUST_PROXY', async (t) => {
  const address = async (app: Awaited<ReturnType<typeof buildTestApp>>, headers: Record<string, string>) =>
    /<soap:address location="([^"]+)"\/>/.exec((await app.app.inject({ url: '/qbwc?wsdl', headers })).body)?.[1]
  const direct = await buildTestApp(t)
  t.equal(await address(direct, { host: 'sync.example.com' }), 'http://sync.example.com/qbwc')
  t.equal(
    await address(direct, { host: 'books.example.org:8443', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' }),
    'http://books.example.org:8443/qbwc',
    'forwarded headers are ignored without a trusted proxy',
  )
  const proxied = await buildTestApp(t, { env: { TRUST_PROXY: 'true' } })
  t.equal(
    await address(proxied, { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'books.example.org' }),
    'https://books.example.org/qbwc',
    'behind a proxy the public address is named',
  )
})
