// Where webhooks may go: http(s) URLs on port 80, 443 or 1024 and above, whose host resolves only
// to public addresses. Private, loopback, link-local, unique-local, multicast and reserved ranges
// (IPv4 and IPv6) are refused at creation, and again at connect time by the delivery's own DNS
// lookup (so a name re-pointed after creation, DNS rebinding, cannot reach them), unless
// WEBHOOKS_ALLOW_PRIVATE_TARGETS=true. IPv4 inside IPv6 is judged by the IPv4 address where the
// mapping is fixed (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96); prefixes whose IPv4 reaches
// an unknown network are refused outright (IPv4-translated ::ffff:0:0:0/96, local-use NAT64
// 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { BlockList, isIP } from 'node:net'
import { AppError } from '../errors.js'

const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::', 96],
  ['::ffff:0:0:0', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6')

/** The eight 16-bit groups of an IPv6 address (any spelling: compressed, dotted tail), else null. */
export function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null
  let text = address.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  const front = part(head)
  const back = part(tail)
  return tail === undefined ? front : [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back]
}

/** IPv4 carried inside an IPv6 address whose mapping is fixed (::ffff:0:0/96 mapped, 64:ff9b::/96 NAT64), else null. */
function embeddedIpv4(groups: number[]): string | null {
  const prefix = groups.slice(0, 6).join(':')
  if (prefix !== '0:0:0:0:0:65535' && prefix !== '100:65435:0:0:0:0') return null
  const [hi, lo] = [groups[6]!, groups[7]!]
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
}

/** True for an address no webhook may reach without WEBHOOKS_ALLOW_PRIVATE_TARGETS. */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  const family = isIP(bare)
  if (family === 4) return blocked.check(bare, 'ipv4')
  if (family === 6) {
    const groups = ipv6Groups(bare)!
    const v4 = embeddedIpv4(groups)
    if (v4) return blocked.check(v4, 'ipv4')
    return blocked.check(groups.map((g) => g.toString(16)).join(':'), 'ipv6')
  }
  return true
}

/** Ports below 1024 other than 80 and 443 are system services (SSH, SMTP, ...), never a webhook receiver. */
export function refusedPort(url: URL): boolean {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
  return port < 1024 && port !== 80 && port !== 443
}

export class WebhookTargetError extends AppError {
  constructor(code: 'INVALID_URL' | 'PRIVATE_TARGET' | 'PORT_NOT_ALLOWED' | 'UNRESOLVABLE_TARGET', message: string) {
    super(
      code === 'INVALID_URL'
        ? 'VALIDATION_FAILED'
        : code === 'PRIVATE_TARGET' || code === 'PORT_NOT_ALLOWED'
          ? 'WEBHOOK_TARGET_NOT_ALLOWED'
          : 'WEBHOOK_TARGET_UNRESOLVABLE',
      message,
      code === 'INVALID_URL' ? 400 : 422,
      [{ field: 'url', code, message }],
    )
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
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookTargetError('INVALID_URL', 'url must use http:// or https://.')
  if (url.username || url.password) throw new WebhookTargetError('INVALID_URL', 'url must not carry a user name or password.')
  if (!url.hostname) throw new WebhookTargetError('INVALID_URL', 'url must name a host.')
  url.hash = ''
  return url
}

export type Lookup = (hostname: string) => Promise<LookupAddress[]>

const systemLookup: Lookup = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  )

/** Creation-time check: an allowed port, and the host must resolve, to public addresses only (unless allowed). */
export async function checkWebhookTarget(url: URL, allowPrivate: boolean, lookup: Lookup = systemLookup): Promise<void> {
  // Not lifted by WEBHOOKS_ALLOW_PRIVATE_TARGETS: local receivers listen on high ports.
  if (refusedPort(url))
    throw new WebhookTargetError('PORT_NOT_ALLOWED', `Port ${url.port} is not allowed; webhooks go to port 80, 443 or 1024 and above.`)
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
  if (addresses.length === 0)
    throw new WebhookTargetError('UNRESOLVABLE_TARGET', `The host "${host}" does not resolve; use a name with a public DNS record.`)
  if (!allowPrivate && addresses.some(isPrivateAddress)) {
    throw new WebhookTargetError(
      'PRIVATE_TARGET',
      `The host "${host}" resolves to a private, loopback or link-local address; webhooks go to public addresses only (WEBHOOKS_ALLOW_PRIVATE_TARGETS=true lifts this).`,
    )
  }
}

/**
 * A `lookup` for http.request: connects only to public addresses (the check happens on the address
 * actually dialled, so DNS rebinding between creation and delivery cannot reach a private one).
 */
export function guardedLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
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
