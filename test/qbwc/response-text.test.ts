// QuickBooks' answers reach receiveResponseXML as the escaped text of <response>. The door decodes
// that text itself before the soap server reads the envelope (src/qbwc/qbwc-plugin.ts); what the
// service receives must be exactly what the soap parser would have given, whatever the escaping,
// and text it cannot decode must still be refused as before, changing nothing.
import t, { type Test } from 'tap'
import { buildTestApp } from '../helpers/app.js'
import { webConnectorScenario } from '../helpers/invoices.js'
import { firstRound } from '../helpers/web-connector.js'

const NS = 'http://developer.intuit.com/'

async function setup(t: Test) {
  const app = await buildTestApp(t)
  const { s, qb, credentials, exportInvoice } = await webConnectorScenario(app)
  const invoice = await exportInvoice()
  // A session up to the point where QuickBooks has answered and the Web Connector is to hand it over.
  const { ticket, request } = await firstRound(app.app, credentials)
  // A memo with characters that must be escaped twice over: once in qbXML, once in the envelope.
  const answer = qb.process(request).replace(/<RefNumber>/, '<Memo>Tom &amp; Jerry &lt;3 caf\u00e9</Memo><RefNumber>')
  const receive = (responseElement: string) =>
    app.app.inject({
      method: 'POST',
      url: '/qbwc',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}receiveResponseXML"` },
      payload: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><receiveResponseXML xmlns="${NS}"><ticket>${ticket}</ticket>${responseElement}<hresult /><message /></receiveResponseXML></soap:Body></soap:Envelope>`,
    })
  const attempt = async () =>
    (
      (await app.database.db.execute(
        `select outcome, response_xml from sync_attempts where invoice_id = '${invoice.id}' and kind = 'INVOICE_ADD'`,
      )) as unknown as { rows: { outcome: string; response_xml: string | null }[] }
    ).rows[0]!
  const expectedXml = /<InvoiceAddRs[\s\S]*<\/InvoiceAddRs>/.exec(answer)![0]
  return { app, s, invoice, answer, receive, attempt, expectedXml }
}

const escapeAll = (xml: string) => xml.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

for (const [name, encode] of [
  ['escaped as the Web Connector does', (xml: string) => `<response>${escapeAll(xml)}</response>`],
  [
    'with character references, quotes and surrounding line breaks',
    (xml: string) =>
      `<response>\r\n  ${xml.replace(/&/g, '&#38;').replace(/</g, '&#x3C;').replace(/>/g, '&#62;').replace(/"/g, '&quot;')}\n</response>`,
  ],
  ['as one CDATA section', (xml: string) => `<response> <![CDATA[${xml}]]>\n</response>`],
  ['with a namespace prefix', (xml: string) => `<q:response xmlns:q="${NS}">${escapeAll(xml)}</q:response>`],
] as const) {
  t.test(`an answer ${name}: the service gets QuickBooks' document exactly`, async (t) => {
    const { s, invoice, answer, receive, attempt, expectedXml } = await setup(t)
    const res = await receive(encode(answer))
    t.equal(res.statusCode, 200)
    t.match(res.body, /<receiveResponseXMLResult>100<\/receiveResponseXMLResult>/, 'all done')
    t.same(await attempt(), { outcome: 'SUCCEEDED', response_xml: expectedXml }, 'the answer is stored exactly as QuickBooks wrote it')
    t.match(await s.invoice(invoice.id), { status: 'EXPORTED', syncStatus: 'NOT_APPLICABLE' })
  })
}

t.test('an answer with a reference XML does not define: refused as before, nothing changed', async (t) => {
  const { s, invoice, answer, receive, attempt } = await setup(t)
  const res = await receive(`<response>${escapeAll(answer).replace('&lt;/RefNumber', '&bogus;&lt;/RefNumber')}</response>`)
  t.equal(res.statusCode, 400)
  t.match(res.body, /<faultstring>The request is not a readable Web Connector SOAP call\.<\/faultstring>/)
  t.same(await attempt(), { outcome: 'SENT', response_xml: null }, 'the request still waits for its answer')
  t.equal((await s.invoice(invoice.id)).status, 'POSTED')
})

// Found in review: the first version looked for the end of a CDATA section with a pattern that scanned
// the rest of the body once per "<response>", so a 4 MB body held the process for over a minute before
// any login. The door now finds the element with indexOf, in one pass.
t.test('a large hostile body of unclosed CDATA sections is refused without stalling the service', async (t) => {
  const { receive, attempt, s, invoice } = await setup(t)
  const res = await receive(`<response>${'<response><![CDATA['.repeat(200_000)}`)
  t.equal(res.statusCode, 400)
  t.match(res.body, /not a readable Web Connector SOAP call/)
  t.same(await attempt(), { outcome: 'SENT', response_xml: null }, 'nothing changed')
  t.equal((await s.invoice(invoice.id)).status, 'POSTED')
})

t.test('an answer split over two CDATA sections is left to the soap parser, which refuses it; nothing changes', async (t) => {
  const { receive, attempt, answer } = await setup(t)
  const cut = answer.indexOf('<RefNumber>')
  const res = await receive(`<response><![CDATA[${answer.slice(0, cut)}]]><![CDATA[${answer.slice(cut)}]]></response>`)
  t.equal(res.statusCode, 400)
  t.match(res.body, /not a readable Web Connector SOAP call/)
  t.same(await attempt(), { outcome: 'SENT', response_xml: null }, 'the request still waits for its answer')
})
