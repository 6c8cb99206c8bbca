// The service's own WSDL for the QuickBooks Web Connector 2.x contract: the same eight operations,
// messages and namespace as Intuit's, document/literal over SOAP 1.1. The address is the request's own.

export const QBWC_NAMESPACE = 'http://developer.intuit.com/'
export const SERVICE_NAME = 'InvoiceSyncWebConnector'
export const PORT_NAME = 'InvoiceSyncWebConnectorSoap'

type Field = [name: string, type: 's:string' | 's:int' | 'tns:ArrayOfString']

/** operation -> request fields, result field */
export const OPERATIONS = {
  serverVersion: { input: [], result: ['serverVersionResult', 's:string'] },
  clientVersion: { input: [['strVersion', 's:string']], result: ['clientVersionResult', 's:string'] },
  authenticate: {
    input: [
      ['strUserName', 's:string'],
      ['strPassword', 's:string'],
    ],
    result: ['authenticateResult', 'tns:ArrayOfString'],
  },
  connectionError: {
    input: [
      ['ticket', 's:string'],
      ['hresult', 's:string'],
      ['message', 's:string'],
    ],
    result: ['connectionErrorResult', 's:string'],
  },
  sendRequestXML: {
    input: [
      ['ticket', 's:string'],
      ['strHCPResponse', 's:string'],
      ['strCompanyFileName', 's:string'],
      ['qbXMLCountry', 's:string'],
      ['qbXMLMajorVers', 's:int'],
      ['qbXMLMinorVers', 's:int'],
    ],
    result: ['sendRequestXMLResult', 's:string'],
  },
  receiveResponseXML: {
    input: [
      ['ticket', 's:string'],
      ['response', 's:string'],
      ['hresult', 's:string'],
      ['message', 's:string'],
    ],
    result: ['receiveResponseXMLResult', 's:int'],
  },
  getLastError: { input: [['ticket', 's:string']], result: ['getLastErrorResult', 's:string'] },
  closeConnection: { input: [['ticket', 's:string']], result: ['closeConnectionResult', 's:string'] },
} satisfies Record<string, { input: Field[]; result: Field }>

/** A Web Connector method: one of the operations above. */
export type QbwcMethod = keyof typeof OPERATIONS

/** The eight Web Connector methods, as this WSDL defines them: nothing else is called. */
export const QBWC_METHODS: readonly QbwcMethod[] = Object.keys(OPERATIONS) as QbwcMethod[]

export const isQbwcMethod = (name: string): name is QbwcMethod => Object.hasOwn(OPERATIONS, name)

function element(name: string, fields: Field[]): string {
  if (fields.length === 0) return `<s:element name="${name}"><s:complexType/></s:element>`
  const body = fields
    .map(([n, type]) => `<s:element minOccurs="${type === 's:int' ? 1 : 0}" maxOccurs="1" name="${n}" type="${type}"/>`)
    .join('')
  return `<s:element name="${name}"><s:complexType><s:sequence>${body}</s:sequence></s:complexType></s:element>`
}

export function renderWsdl(address: string): string {
  const ops = Object.entries(OPERATIONS)
  const types = ops.map(([op, { input, result }]) => element(op, input) + element(`${op}Response`, [result])).join('')
  const messages = ops
    .map(
      ([op]) =>
        `<wsdl:message name="${op}SoapIn"><wsdl:part name="parameters" element="tns:${op}"/></wsdl:message><wsdl:message name="${op}SoapOut"><wsdl:part name="parameters" element="tns:${op}Response"/></wsdl:message>`,
    )
    .join('')
  const portOps = ops
    .map(
      ([op]) =>
        `<wsdl:operation name="${op}"><wsdl:input message="tns:${op}SoapIn"/><wsdl:output message="tns:${op}SoapOut"/></wsdl:operation>`,
    )
    .join('')
  const bindingOps = ops
    .map(
      ([op]) =>
        `<wsdl:operation name="${op}"><soap:operation soapAction="${QBWC_NAMESPACE}${op}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>`,
    )
    .join('')
  return `<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="${QBWC_NAMESPACE}" targetNamespace="${QBWC_NAMESPACE}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">
<wsdl:documentation>Invoice sync: QuickBooks Web Connector 2.x endpoint</wsdl:documentation>
<wsdl:types><s:schema elementFormDefault="qualified" targetNamespace="${QBWC_NAMESPACE}">${types}<s:complexType name="ArrayOfString"><s:sequence><s:element minOccurs="0" maxOccurs="unbounded" name="string" nillable="true" type="s:string"/></s:sequence></s:complexType></s:schema></wsdl:types>
${messages}
<wsdl:portType name="${PORT_NAME}">${portOps}</wsdl:portType>
<wsdl:binding name="${PORT_NAME}" type="tns:${PORT_NAME}"><soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>${bindingOps}</wsdl:binding>
<wsdl:service name="${SERVICE_NAME}"><wsdl:port name="${PORT_NAME}" binding="tns:${PORT_NAME}"><soap:address location="${address.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/></wsdl:port></wsdl:service>
</wsdl:definitions>
`
}
