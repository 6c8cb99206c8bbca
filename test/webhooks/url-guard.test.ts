// Which webhook targets are refused: addresses (IPv4, IPv6 and IPv4 carried in IPv6) and ports.
// Table-driven unit tests of the pure checks; milliseconds, no network.
import t from 'tap'
import { isPrivateAddress, refusedPort } from '../../src/webhooks/url-guard.js'

const addresses: [string, boolean, string][] = [
  ['8.8.8.8', false, 'public IPv4'],
  ['93.184.215.14', false, 'public IPv4'],
  ['172.32.0.1', false, 'just outside 172.16/12'],
  ['127.0.0.1', true, 'loopback'],
  ['10.0.0.1', true, 'private'],
  ['169.254.169.254', true, 'link-local (cloud metadata)'],
  ['100.64.0.1', true, 'carrier-grade NAT'],
  ['2606:4700:4700::1111', false, 'public IPv6'],
  ['2a00:1450:4001:80b::200e', false, 'public IPv6'],
  ['::1', true, 'IPv6 loopback'],
  ['fe80::1', true, 'IPv6 link-local'],
  ['fd12:3456::1', true, 'unique local'],
  // IPv4-mapped ::ffff:0:0/96: judged by the IPv4 inside
  ['::ffff:127.0.0.1', true, 'mapped loopback'],
  ['::ffff:7f00:1', true, 'mapped loopback, hex'],
  ['0:0:0:0:0:ffff:7f00:1', true, 'mapped loopback, uncompressed'],
  ['::ffff:8.8.8.8', false, 'mapped public'],
  // IPv4-translated ::ffff:0:0:0/96 (RFC 2765): refused
  ['::ffff:0:8.8.8.8', true, 'IPv4-translated'],
  ['::ffff:0:7f00:1', true, 'IPv4-translated loopback'],
  ['0:0:0:0:ffff:0:808:808', true, 'IPv4-translated, uncompressed'],
  // NAT64 well-known prefix 64:ff9b::/96: judged by the IPv4 inside
  ['64:ff9b::a00:1', true, 'NAT64 of 10.0.0.1'],
  ['64:ff9b::127.0.0.1', true, 'NAT64 of loopback, dotted'],
  ['64:ff9b:0:0:0:0:7f00:1', true, 'NAT64 of loopback, uncompressed'],
  ['64:ff9b::1', true, 'NAT64 of 0.0.0.1'],
  ['64:ff9b::808:808', false, 'NAT64 of 8.8.8.8'],
  // NAT64 local-use 64:ff9b:1::/48 (RFC 8215): refused
  ['64:ff9b:1::808:808', true, 'local-use NAT64'],
  ['64:ff9b:1:ffff::1', true, 'local-use NAT64'],
  // 6to4 2002::/16 (RFC 3056, deprecated): refused, whatever IPv4 it carries
  ['2002:c0a8:101::1', true, '6to4 of 192.168.1.1'],
  ['2002:808:808::1', true, '6to4 of 8.8.8.8'],
  ['2001:0:4136:e378::1', true, 'Teredo'],
  ['[::1]', true, 'bracketed'],
  ['fe80::1%eth0', true, 'with a zone'],
  ['not-an-ip', true, 'not an address'],
]

t.test('addresses', async (t) => {
  for (const [address, refused, why] of addresses)
    t.equal(isPrivateAddress(address), refused, `${address} (${why}) ${refused ? 'refused' : 'allowed'}`)
})

const urls: [string, boolean][] = [
  ['https://hooks.example.com/x', false],
  ['http://hooks.example.com/x', false],
  ['https://hooks.example.com:443/x', false],
  ['http://hooks.example.com:80/x', false],
  ['http://hooks.example.com:443/x', false],
  ['https://hooks.example.com:8443/x', false],
  ['http://127.0.0.1:1024/x', false],
  ['http://127.0.0.1:65535/x', false],
  ['http://hooks.example.com:22/x', true],
  ['http://hooks.example.com:25/x', true],
  ['https://hooks.example.com:1/x', true],
  ['http://hooks.example.com:1023/x', true],
  ['http://hooks.example.com:6379/x', false],
]

t.test('ports: below 1024 only 80 and 443', async (t) => {
  for (const [url, refused] of urls) t.equal(refusedPort(new URL(url)), refused, `${url} ${refused ? 'refused' : 'allowed'}`)
})
