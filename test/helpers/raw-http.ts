// A request over a real socket with headers fetch refuses to send (Upgrade, Connection): Node hands
// such a request to the server's upgrade path, which is what an attacker's client does too.
import { request } from 'node:http'

/** POSTs `body` as JSON; resolves with the answer (or a 101's status), or status 0 and the error. */
export function postOverSocket(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = ''
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
    })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, body: '' })
    })
    req.on('error', (err) => resolve({ status: 0, body: String(err) }))
    req.end(JSON.stringify(body))
  })
}
