// Found by test/reliability/hostile.reliability.ts and database.reliability.ts: an envelope the soap
// server could not read came back as a 500 whose body was a JavaScript stack trace, and a call that
// failed inside the service (database away) came back as a fault carrying the SQL and its
// parameters. Now the first is a SOAP client fault (400) and the second a SOAP server fault (500)
// that names neither; the details go to the log.
import t from 'tap'
import { buildTestApp } from '../helpers/app.js'

const NS = 'http://developer.intuit.com/'
const post = (app: Awaited<ReturnType<typeof buildTestApp>>, method: string, payload: string) =>
  app.app.inject({ method: 'POST', url: '/qbwc', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}${method}"` }, payload })
const envelope = (body: string) => `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`

t.test('an envelope the soap server cannot read: a SOAP client fault, no stack trace', async (t) => {
  const app = await buildTestApp(t)
  for (const [name, method, body] of [
    ['an unknown method with a child', 'nonsense', `<nonsense xmlns="${NS}"><x><y/></x></nonsense>`],
    ['a parameter element where text is expected', 'sendRequestXML', `<sendRequestXML xmlns="${NS}"><ticket>t</ticket><strHCPResponse>a<b>c</b></strHCPResponse><qbXMLMajorVers>13</qbXMLMajorVers></sendRequestXML>`],
    ['text beside the parameters', 'receiveResponseXML', `<receiveResponseXML xmlns="${NS}">x<ticket>t</ticket>y<response>r</response></receiveResponseXML>`],
  ] as const) {
    const res = await post(app, method, envelope(body))
    t.match(res.headers['content-type'], /^text\/xml/, `${name}: text/xml`)
    t.match(res.body, /<soap:Fault>/, `${name}: a SOAP fault`)
    t.notMatch(res.body, /node_modules|at \w+[.\w]* \(|TypeError/, `${name}: no stack trace`)
    t.ok(res.statusCode === 400 || res.statusCode === 500 || res.statusCode === 200, `${name}: ${res.statusCode}`)
  }
})

t.test('a call that fails inside the service: a SOAP server fault without the SQL', async (t) => {
  const app = await buildTestApp(t)
  await app.database.close() // the database goes away under the service
  const res = await post(app, 'authenticate', envelope(`<authenticate xmlns="${NS}"><strUserName>u</strUserName><strPassword>p</strPassword></authenticate>`))
  t.equal(res.statusCode, 500)
  t.match(res.body, /<faultcode>soap:Server<\/faultcode>/)
  t.match(res.body, /The Web Connector will try again at its next run/)
  t.notMatch(res.body, /select|from "|pool|Error:/i, 'no SQL, no driver message')
  t.ok(app.logs.some((l) => l.msg === 'Web Connector call failed'), 'the cause is in the log')
})
