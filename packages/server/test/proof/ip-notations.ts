import fc from 'fast-check';

/**
 * Webhook URLs that name one address in every notation a URL can carry it:
 * IPv4 as dotted decimal, one 32-bit number (decimal, hex, octal), the
 * short forms `a.b.c` and `a.b`, hex or octal parts, full-width digits,
 * trailing dots, and IPv6 that carries it (IPv4-mapped and -compatible,
 * NAT64, 6to4), compressed or not, upper-case or not.
 */

/** An IPv4 address as its four bytes. */
export type Ipv4 = [number, number, number, number];

const u32 = ([a, b, c, d]: Ipv4) => ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
const hex = (n: number) => `0x${n.toString(16)}`;
const oct = (n: number) => `0${n.toString(8)}`;
const h16 = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
const fullWidth = (s: string) => s.replace(/[0-9.]/g, (c) => (c === '.' ? '\uff0e' : String.fromCharCode(0xff10 + Number(c))));

/** Every host text that the WHATWG URL parser reads as `ip` (IPv6 ones bracketed). */
export function ipv4Notations(ip: Ipv4): string[] {
  const [a, b, c, d] = ip;
  const n = u32(ip);
  const dotted = ip.join('.');
  return [
    dotted,
    `${dotted}.`,
    String(n),
    hex(n),
    hex(n).toUpperCase().replace('0X', '0x'),
    oct(n),
    `${a}.${b}.${(c << 8) + d}`,
    `${a}.${(b << 16) + (c << 8) + d}`,
    ip.map(hex).join('.'),
    ip.map(oct).join('.'),
    `${hex(a)}.${b}.${oct(c)}.${d}`,
    fullWidth(dotted),
    `[::ffff:${dotted}]`,
    `[::FFFF:${h16(a, b)}:${h16(c, d)}]`,
    `[0:0:0:0:0:ffff:${dotted}]`,
    `[0000:0000:0000:0000:0000:ffff:${h16(a, b)}:${h16(c, d)}]`,
    `[64:ff9b::${dotted}]`,
    `[2002:${h16(a, b)}:${h16(c, d)}::1]`,
    ...(a | b ? [`[::${dotted}]`] : []), // ::0.0.x.y would be :: or ::1 themselves
  ];
}

/** A random address inside `prefix/bits`. */
export const ipv4In = (prefix: Ipv4, bits: number): fc.Arbitrary<Ipv4> =>
  fc.integer({ min: 0, max: 2 ** (32 - bits) - 1 }).map((offset) => {
    const n = (u32(prefix) + offset) >>> 0;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  });

/** Addresses of this machine and its networks, by the reason they are refused. */
export const PRIVATE_IPV4: [reason: string, prefix: Ipv4, bits: number][] = [
  ['loopback', [127, 0, 0, 0], 8],
  ['unspecified', [0, 0, 0, 0], 8],
  ['private network', [10, 0, 0, 0], 8],
  ['private network', [172, 16, 0, 0], 12],
  ['private network', [192, 168, 0, 0], 16],
  ['private network', [100, 64, 0, 0], 10],
  ['link-local', [169, 254, 0, 0], 16],
  ['multicast', [224, 0, 0, 0], 4],
];

/** IPv6 ranges of the same kinds (no IPv4 inside). */
export const PRIVATE_IPV6: [reason: string, make: fc.Arbitrary<string>][] = [
  ['loopback', fc.constantFrom('[::1]', '[0:0:0:0:0:0:0:1]', '[0000::0001]')],
  ['unspecified', fc.constantFrom('[::]', '[0:0:0:0:0:0:0:0]')],
  ['private network', fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), fc.integer({ min: 0, max: 0xffff })).map(([a, b]) => `[${a.toString(16)}:${b.toString(16)}::1]`)],
  ['link-local', fc.integer({ min: 0, max: 0xffff }).map((x) => `[fe80::${x.toString(16)}]`)],
  ['multicast', fc.integer({ min: 0xff00, max: 0xffff }).map((x) => `[${x.toString(16)}::1]`)],
];

/** A webhook URL on a private address in one of its notations, with the reason the server must give. */
export const privateWebhookUrl: fc.Arbitrary<{ url: string; reason: string }> = fc.oneof(
  fc
    .constantFrom(...PRIVATE_IPV4)
    .chain(([reason, prefix, bits]) => ipv4In(prefix, bits).chain((ip) => fc.constantFrom(...ipv4Notations(ip)).map((host) => ({ host, reason })))),
  fc.constantFrom(...PRIVATE_IPV6).chain(([reason, make]) => make.map((host) => ({ host, reason }))),
).chain(({ host, reason }) =>
  fc
    .tuple(fc.constantFrom('http', 'https', 'HTTP'), fc.constantFrom('', ':80', ':8080', ':65535'), fc.constantFrom('/', '/hooks', '/latest/meta-data/', '/a?b=c#d'))
    .map(([scheme, port, path]) => ({ url: `${scheme}://${host}${port}${path}`, reason })),
);

/** Public addresses (outside every special-purpose range) in the same notations: these must be accepted. */
export const publicWebhookUrl: fc.Arbitrary<string> = fc
  .oneof(ipv4In([11, 0, 0, 0], 8), ipv4In([45, 0, 0, 0], 8), ipv4In([93, 184, 0, 0], 16), fc.constant<Ipv4>([8, 8, 8, 8]))
  .chain((ip) => fc.constantFrom(...ipv4Notations(ip).filter((h) => !h.startsWith('['))))
  .map((host) => `https://${host}/hooks`);
