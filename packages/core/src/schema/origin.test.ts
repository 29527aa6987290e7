import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedOriginsSchema, originSchema } from './api-shop';
import { normalizeOrigin } from './origin';

describe('normalizeOrigin', () => {
  it('gives the form browsers send: lower-case scheme and host, no default port, no trailing slash', () => {
    const cases: [string, string][] = [
      ['https://shop.example', 'https://shop.example'],
      ['https://ShopA.example', 'https://shopa.example'], // issue 14: browsers never send upper case
      ['HTTPS://SHOP.EXAMPLE:443/', 'https://shop.example'], // the default port and a lone slash dropped
      ['http://shop.example:80', 'http://shop.example'],
      ['http://localhost:3000/', 'http://localhost:3000'],
      ['https://shop.example:8443', 'https://shop.example:8443'], // another port is part of the origin
      ['https://[::1]:8443', 'https://[::1]:8443'],
      ['https://例子.中国', 'https://xn--fsqu00a.xn--fiqs8s'], // IDNs as punycode, as browsers send them
    ];
    for (const [input, out] of cases) expect(normalizeOrigin(input), input).toBe(out);
  });

  it('refuses what is not an origin', () => {
    for (const bad of [
      'https://shop.example/path',
      'https://shop.example//',
      'https://shop.example/?q=1',
      'https://shop.example?',
      'https://shop.example#x',
      'https://user@shop.example',
      'https://user:pw@shop.example',
      'ftp://shop.example',
      'javascript://shop.example',
      'https:shop.example',
      'https:\\\\shop.example',
      'https://',
      'https://shop example',
      ' https://shop.example',
      'https://shop.example\n',
      'https://shop.example:99999',
      'null',
      '',
      'x'.repeat(201),
    ]) {
      expect(normalizeOrigin(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('is idempotent and agrees with the URL parser on every origin it accepts', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: false, withFragments: false }), (url) => {
        const origin = new URL(url).origin;
        const normal = normalizeOrigin(origin);
        if (normal === null) return;
        expect(normalizeOrigin(normal)).toBe(normal);
        expect(normal).toBe(normal.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it('the schemas store the normal form, each once, and refuse the rest with 422-style issues', () => {
    expect(originSchema.parse('https://Shop.example:443')).toBe('https://shop.example');
    expect(allowedOriginsSchema.parse(['https://A.example', 'https://a.example/', 'http://a.example'])).toEqual(['https://a.example', 'http://a.example']);
    const refused = originSchema.safeParse('https://a.example/cart');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/scheme:\/\/host/);
  });
});
