import { BlockList, isIP } from 'node:net';

/** Why an address may not receive webhooks. */
export type AddressRefusal = 'loopback' | 'unspecified' | 'link-local' | 'private network' | 'multicast' | 'reserved range';

/** Address ranges that are never a shop's public receiver, by reason (IANA special-purpose registries). */
const RANGES: [AddressRefusal, 'ipv4' | 'ipv6', string, number][] = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['private network', 'ipv4', '10.0.0.0', 8],
  ['private network', 'ipv4', '172.16.0.0', 12],
  ['private network', 'ipv4', '192.168.0.0', 16],
  ['private network', 'ipv4', '100.64.0.0', 10], // carrier-grade NAT
  ['private network', 'ipv4', '192.0.0.0', 24], // IETF protocol assignments
  ['link-local', 'ipv4', '169.254.0.0', 16], // cloud metadata lives here
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['reserved range', 'ipv4', '240.0.0.0', 4], // and the broadcast address
  ['reserved range', 'ipv4', '192.0.2.0', 24],
  ['reserved range', 'ipv4', '198.51.100.0', 24],
  ['reserved range', 'ipv4', '203.0.113.0', 24],
  ['reserved range', 'ipv4', '198.18.0.0', 15],
  ['reserved range', 'ipv4', '192.88.99.0', 24],
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  ['private network', 'ipv6', 'fc00::', 7], // unique local
  ['private network', 'ipv6', 'fec0::', 10], // the old site-local
  ['private network', 'ipv6', '64:ff9b:1::', 48], // local-use NAT64
  ['link-local', 'ipv6', 'fe80::', 10],
  ['multicast', 'ipv6', 'ff00::', 8],
  ['reserved range', 'ipv6', '100::', 64],
  ['reserved range', 'ipv6', '2001::', 32], // Teredo tunnels hide the IPv4 address they reach
  ['reserved range', 'ipv6', '2001:db8::', 32],
];

const LISTS = new Map<AddressRefusal, BlockList>();
for (const [reason, family, prefix, bits] of RANGES) {
  let list = LISTS.get(reason);
  if (!list) LISTS.set(reason, (list = new BlockList()));
  list.addSubnet(prefix, bits, family);
}
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** The 16 bytes of an IPv6 address in canonical or compressed text. */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const words = (s: string) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = words(head);
  const right = tail === null ? [] : words(tail);
  const all = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/**
 * The IPv4 address an IPv6 address carries and delivers to: IPv4-mapped
 * (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`)
 * and 6to4 (`2002:AABB:CCDD::/48`). `null` when it carries none.
 */
function embeddedIpv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number) => b.slice(at, at + 4).join('.');
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12);
  if (zero(0, 12) && !zero(12, 14)) return v4(12); // ::a.b.c.d (:: and ::1 are classified on their own)
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12);
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
  return null;
}

/**
 * Why `address` (an IPv4 or IPv6 address as text, brackets and zone left
 * off) may not receive webhooks, or `null` when it is a public unicast
 * address. An IPv6 address that carries an IPv4 one is judged by the IPv4
 * one; IPv6 outside global unicast (`2000::/3`) is reserved.
 *
 * @example
 * addressRefusal('169.254.169.254'); // 'link-local'
 * addressRefusal('::ffff:7f00:1'); // 'loopback'
 * addressRefusal('93.184.216.34'); // null
 */
export function addressRefusal(address: string): AddressRefusal | null {
  const family = isIP(address);
  if (family === 0) return 'reserved range';
  if (family === 6) {
    if (address === '::' || /^[0:]+$/.test(address)) return 'unspecified';
    const inner = embeddedIpv4(address);
    if (inner !== null) return addressRefusal(inner);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [reason, list] of LISTS) if (list.check(address, type)) return reason;
  if (type === 'ipv6' && !GLOBAL_UNICAST_V6.check(address, 'ipv6')) return 'reserved range';
  return null;
}

/** Host names that name this machine or no public host: never looked up, always refused. */
const LOCAL_NAME = /^(?:localhost|[^.]*)$|\.(?:localhost|local|internal|home\.arpa)$/;

/**
 * Why webhooks to `url` may not be sent, judged from the URL alone (the
 * address it names, in whatever notation the WHATWG URL parser reads:
 * `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`… all normalise to an address
 * here), or `null`. Names are looked up at delivery, where
 * {@link addressRefusal} judges every address they resolve to.
 *
 * @example
 * urlRefusal(new URL('http://0x7f.1/hooks')); // 'loopback'
 * urlRefusal(new URL('https://hooks.example/twotier')); // null
 */
export function urlRefusal(url: URL): AddressRefusal | null {
  const host = hostOf(url);
  if (isIP(host)) return addressRefusal(host);
  const name = host.replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return 'loopback';
  if (LOCAL_NAME.test(name)) return 'private network';
  return null;
}

/** The host of `url` as an address or a name: IPv6 without its brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** The words a shop reads when its receiver's address is refused. */
export const refusalWords = (reason: AddressRefusal): string => `the receiver's address is not allowed (${reason})`;
