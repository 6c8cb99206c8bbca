// Where webhooks may go: http(s) URLs whose host resolves only to public addresses. Private,
// loopback, link-local, unique-local, multicast and reserved ranges (IPv4 and IPv6, including
// IPv4-mapped and NAT64 IPv6 forms) are refused at creation, and again at connect time by the
// delivery's own DNS lookup (so a name re-pointed after creation, DNS rebinding, cannot reach
// them), unless WEBHOOKS_ALLOW_PRIVATE_TARGETS=true.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { AppError } from '../errors.js'

const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['::', 96], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6')

/** IPv4 carried inside an IPv6 address (::ffff:a.b.c.d mapped, 64:ff9b::/96 NAT64), else null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase()
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (dotted) return dotted[1]!
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower)
  if (hex) {
    const hi = parseInt(hex[1]!, 16)
    const lo = parseInt(hex[2]!, 16)
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  }
  return null
}

/** True for an address no webhook may reach without WEBHOOKS_ALLOW_PRIVATE_TARGETS. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = isIP(bare)
  if (family === 4) return blocked.check(bare, 'ipv4')
  if (family === 6) {
    const v4 = embeddedIpv4(bare)
    if (v4) return blocked.check(v4, 'ipv4')
    return blocked.check(bare, 'ipv6')
  }
  return true
}

export class WebhookTargetError extends AppError {
  constructor(code: 'INVALID_URL' | 'PRIVATE_TARGET' | 'UNRESOLVABLE_TARGET', message: string) {
    super(code === 'INVALID_URL' ? 'VALIDATION_FAILED' : code === 'PRIVATE_TARGET' ? 'WEBHOOK_TARGET_NOT_ALLOWED' : 'WEBHOOK_TARGET_UNRESOLVABLE', message, code === 'INVALID_URL' ? 400 : 422, [{ field: 'url', code, message }])
  }
}

/** The URL, normalised, when it is an absolute http(s) URL without credentials. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new WebhookTargetError('INVALID_URL', 'url must be an absolute http:// or https:// URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('INVALID_URL', 'url must use http:// or https://.')
  if (url.username || url.password) throw new WebhookTargetError('INVALID_URL', 'url must not carry a user name or password.')
  if (!url.hostname) throw new WebhookTargetError('INVALID_URL', 'url must name a host.')
  url.hash = ''
  return url
}

export type Lookup = (hostname: string) => Promise<LookupAddress[]>

const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))))

/** Creation-time check: the host must resolve, and to public addresses only (unless allowed). */
export async function checkWebhookTarget(url: URL, allowPrivate: boolean, lookup: Lookup = systemLookup): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  let addresses: string[]
  if (isIP(host)) addresses = [host]
  else {
    try {
      addresses = (await lookup(host)).map((a) => a.address)
    } catch {
      throw new WebhookTargetError('UNRESOLVABLE_TARGET', `The host "${host}" does not resolve; use a name with a public DNS record.`)
    }
  }
  if (addresses.length === 0) throw new WebhookTargetError('UNRESOLVABLE_TARGET', `The host "${host}" does not resolve; use a name with a public DNS record.`)
  if (!allowPrivate && addresses.some(isPrivateAddress)) {
    throw new WebhookTargetError('PRIVATE_TARGET', `The host "${host}" resolves to a private, loopback or link-local address; webhooks go to public addresses only (WEBHOOKS_ALLOW_PRIVATE_TARGETS=true lifts this).`)
  }
}

/**
 * A `lookup` for http.request: connects only to public addresses (the check happens on the address
 * actually dialled, so DNS rebinding between creation and delivery cannot reach a private one).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '')
      const list = addresses as LookupAddress[]
      const usable = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address))
      if (usable.length === 0 || usable.length !== list.length) {
        const refused = Object.assign(new Error(`refused: ${hostname} resolves to a private address`), { code: 'EPRIVATETARGET' })
        return callback(refused, '')
      }
      if ((options as { all?: boolean }).all) return callback(null, usable)
      callback(null, usable[0]!.address, usable[0]!.family)
    })
  }
}
