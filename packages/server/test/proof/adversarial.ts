import fc from 'fast-check';

/** Tokens that are not JSON; placed raw into a body, they make it malformed. */
const RAW = ['NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '0x10', 'undefined', "'single'"];
const RAW_MARK = '\u0000raw:';

/** A value that is wrong for any field of a valid request template of a different type. */
export const wrongValue = (template: unknown): fc.Arbitrary<unknown> => {
  const strings = fc.oneof(
    fc.constant(''),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constant('x'.repeat(60_000)),
    fc.constant('\u202e\u0000\ud83d\ude00\u0301\ufeff'),
    fc.constant('<script>alert(1)</script>'),
    fc.constant("' OR 1=1 --"),
  );
  const numbers = fc.oneof(
    fc.constant(0.5),
    fc.constant(-1),
    fc.constant(1e308),
    fc.constant(-1e308),
    fc.constant(Number.MAX_SAFE_INTEGER + 2),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.integer({ min: -1_000_000_000, max: -1 }),
  );
  const raw = fc.constantFrom(...RAW).map((t) => `${RAW_MARK}${t}`);
  const other = fc.oneof(fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant({ __proto__: { admin: true } }));
  if (typeof template === 'string') return fc.oneof(numbers, other, raw, fc.constant([template]), fc.constant('x'.repeat(60_000)));
  if (typeof template === 'number') return fc.oneof(strings, other, raw, numbers.filter((n) => !(template >= 0 && Number.isInteger(n) && n >= 0 && n <= 1e15)));
  if (typeof template === 'boolean') return fc.oneof(strings, numbers, raw, fc.constant(null), fc.constant([]));
  if (Array.isArray(template)) return fc.oneof(strings, numbers, raw, fc.constant(null), fc.constant({}), fc.constant([null]), fc.constant(Array.from({ length: 20_000 }, () => 1)));
  return fc.oneof(strings, numbers, raw, fc.constant(null), fc.constant([]));
};

/** Every path to a leaf (or array/object) of a JSON template. */
export function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

const getAt = (value: any, path: (string | number)[]): unknown => path.reduce((v, k) => v?.[k], value);

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as any;
  let cursor = copy;
  for (const k of path.slice(0, -1)) cursor = cursor[k];
  cursor[path[path.length - 1]!] = replacement;
  return copy;
}

/** JSON text, with raw non-JSON tokens where a value was marked. */
export const toText = (value: unknown): string =>
  JSON.stringify(value).replace(/"\\u0000raw:([^"]*)"/g, (_, token: string) => token);

/**
 * Bodies that a correct server must refuse with a 4xx: the valid template
 * with one field replaced by a value of the wrong kind, with an extra key
 * (`__proto__`, `constructor`, unicode), or raw text that is not a JSON
 * object at all (truncated, invalid UTF-8, a scalar, empty).
 */
export function hostileBody(template: Record<string, unknown>): fc.Arbitrary<string | Uint8Array> {
  const leafPaths = paths(template);
  const mutated = fc
    .constantFrom(...leafPaths)
    .chain((path) => wrongValue(getAt(template, path)).map((v) => toText(setAt(template, path, v))));
  const extraKey = fc
    .constantFrom('__proto__', 'constructor', 'prototype', '键', '\u0000', 'x'.repeat(300))
    .chain((k) => fc.jsonValue({ maxDepth: 2 }).map((v) => toText(template).replace(/^\{/, `{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'},`)));
  const raw = fc.oneof(
    fc.constant(''),
    fc.constant('{'),
    fc.constant(toText(template).slice(0, -1)),
    fc.constant('[]'),
    fc.constant('null'),
    fc.constant('"a string"'),
    fc.constant('12345'),
    fc.constant('{"a":'.repeat(5000)),
    fc.constant(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
    fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => {
      try {
        const v = JSON.parse(s) as unknown;
        return !(v && typeof v === 'object' && !Array.isArray(v));
      } catch {
        return true;
      }
    }),
  );
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: extraKey }, { weight: 2, arbitrary: raw });
}

/** A string a client can put in a header value: tab, printable ASCII and Latin-1, nothing that ends the line. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength });

/** One `X-Forwarded-For` entry as a client, or a proxy that writes ports and RFC 7239 forms, may send it. */
const forwardedEntry: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.ipV4() },
  { weight: 2, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 65535 })).map(([ip, port]) => `${ip}:${port}`) },
  { weight: 1, arbitrary: fc.ipV6().map((ip) => `[${ip}]:443`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', ' ', '\t', 'unknown', '_hidden', 'for=192.0.2.60;proto=http', '"[2001:db8::1]"', '::ffff:127.0.0.1', '0x7f.1', '2130706433', '127.1', '::1', '0.0.0.0', 'ip:1', 'x'.repeat(1000)),
  },
  { weight: 2, arbitrary: headerText(60) },
);

/**
 * `X-Forwarded-For` values a client may send to a server behind a proxy:
 * chains of addresses and junk (IPv6, ports, RFC 7239 forms, numeric and
 * hex IPv4, empty entries, long entries, Latin-1), joined by commas with or
 * without spaces. A proxy that appends to the header keeps all of it in
 * front of the entry it adds.
 */
export const hostileForwardedFor: fc.Arbitrary<string> = fc
  .tuple(fc.array(forwardedEntry, { maxLength: 12 }), fc.constantFrom(',', ', ', ' , ', ',,', ',\t'))
  .map(([entries, separator]) => entries.join(separator));
