import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clientIpOf, parseTrustProxy } from './client-ip';

describe('clientIpOf', () => {
  test('without trusted proxies the socket address is the client, whatever the header says', () => {
    expect(clientIpOf('6.6.6.6', '10.0.0.9', 0)).toBe('10.0.0.9');
    expect(clientIpOf(undefined, undefined, 0)).toBe('unknown');
  });

  test('one trusted proxy: the entry it appended (the last), never one the client wrote', () => {
    expect(clientIpOf('203.0.113.7', '10.0.0.2', 1)).toBe('203.0.113.7');
    expect(clientIpOf('6.6.6.6, 203.0.113.7', '10.0.0.2', 1)).toBe('203.0.113.7');
    expect(clientIpOf('1.1.1.1,2.2.2.2 ,  203.0.113.7 ', '10.0.0.2', 1)).toBe('203.0.113.7');
    expect(clientIpOf('2001:db8::1', '10.0.0.2', 1)).toBe('2001:db8::1');
  });

  test('N trusted proxies: the N-th entry from the right', () => {
    // client → CDN (appends the client) → balancer (appends the CDN) → server
    expect(clientIpOf('6.6.6.6, 203.0.113.7, 198.51.100.1', '10.0.0.2', 2)).toBe('203.0.113.7');
    expect(clientIpOf('6.6.6.6, 203.0.113.7, 198.51.100.1', '10.0.0.2', 3)).toBe('6.6.6.6');
  });

  test('a chain shorter than the trusted count: its leftmost entry, written by a trusted proxy (as Express does)', () => {
    expect(clientIpOf('203.0.113.7', '10.0.0.2', 2)).toBe('203.0.113.7');
    expect(clientIpOf('', '10.0.0.2', 2)).toBe('10.0.0.2');
    expect(clientIpOf(undefined, '10.0.0.2', 1)).toBe('10.0.0.2');
  });

  test('an empty entry where the client should be keeps the nearer trusted hop', () => {
    expect(clientIpOf('6.6.6.6,, 198.51.100.1', '10.0.0.2', 2)).toBe('198.51.100.1');
    expect(clientIpOf(' , ', '10.0.0.2', 1)).toBe('10.0.0.2');
  });

  test('anything a client prepends leaves the answer unchanged (property)', () => {
    const entry = fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.array(fc.ipV4(), { minLength: 1, maxLength: 3 }), (forged, appended) => {
        const trusted = appended.length;
        const honest = appended.join(', ');
        const chain = forged.length ? `${forged.join(',')}, ${honest}` : honest;
        expect(clientIpOf(chain, '10.0.0.2', trusted)).toBe(appended[0]);
      }),
    );
  });

  test('a long entry is cut to a bounded bucket key', () => {
    expect(clientIpOf(`1.1.1.1, ${'9'.repeat(5000)}`, '10.0.0.2', 1)).toHaveLength(64);
  });
});

describe('parseTrustProxy', () => {
  test('reads a count of proxies, and true/false', () => {
    expect([undefined, '', '0', 'false', ' FALSE '].map(parseTrustProxy)).toEqual([0, 0, 0, 0, 0]);
    expect(['1', 'true', 'TRUE'].map(parseTrustProxy)).toEqual([1, 1, 1]);
    expect(parseTrustProxy('3')).toBe(3);
  });
  test('refuses what it cannot read, rather than trusting the header by mistake', () => {
    for (const v of ['yes', '-1', '1.5', '10.0.0.0/8', 'loopback', '100']) expect(() => parseTrustProxy(v), v).toThrow(/TWOTIER_TRUST_PROXY/);
  });
});
