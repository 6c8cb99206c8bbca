// The Web Connector's calls made straight to the qbwc service, in process: how a sandbox
// connection's own player reaches this instance. It logs in as SANDBOX_SOURCE, the one source a
// sandbox connection accepts (and no real connection does).
import { type QbwcService, SANDBOX_SOURCE } from '../qbwc/qbwc-service.js'
import type { WebConnectorLink } from './web-connector-player.js'

export function inProcessLink(qbwc: QbwcService): WebConnectorLink {
  return {
    serverVersion: async () => qbwc.serverVersion(),
    clientVersion: async (version) => qbwc.clientVersion(version),
    authenticate: (username, password) => qbwc.authenticate(username, password, SANDBOX_SOURCE),
    sendRequestXML: (args) => qbwc.sendRequestXML(args),
    receiveResponseXML: (args) => qbwc.receiveResponseXML(args),
    connectionError: (args) => qbwc.connectionError(args),
    getLastError: (ticket) => qbwc.getLastError(ticket),
    closeConnection: (ticket) => qbwc.closeConnection(ticket),
  }
}
