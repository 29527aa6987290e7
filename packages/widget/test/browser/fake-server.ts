import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { maskPayoutAccount, type PayoutDetails } from '@twotier/core';
import { payoutAccountCreateSchema } from '@twotier/core/schema';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from './chromium';

/** The built widget, served as the real server would. */
const DIST = join(import.meta.dirname, '../../dist');

/** A page variant. */
export interface PageOptions {
  /** Send a strict CSP (nonce, no unsafe-eval, Trusted Types). */
  csp?: boolean;
  /** Add the host CSS that tries to break everything. */
  hostile?: boolean;
  /** Mount the panel inline into `<div data-twotier-panel>`. */
  inline?: boolean;
  /** `twotier('identify', token)` before the tag: `alice` (a distributor) or `newbie` (not one yet). */
  identify?: string;
  locale?: string;
  /** Load the tag (and so the API) from this origin instead of the page's. */
  tag?: string;
  /** The product the page describes in JSON-LD: its image is tall, wide or missing; `none` for a page that is not a product's. */
  product?: 'tall' | 'wide' | 'noimage' | 'og' | 'none';
  /** The page gives the picker its products with `twotier('products', [...])`. */
  products?: boolean;
  /** `data-position` of the tag. */
  position?: string;
  /** Content much wider than a phone, so the page overflows sideways. */
  wide?: boolean;
}

/** What the fake API answers and what it was sent. */
export interface FakeState {
  clicks: Record<string, unknown>[];
  displayName: string;
  /** `POST /v1/me/withdrawals` bodies. */
  withdrawals: { amount: number; payoutAccountId?: string }[];
  /** The distributor's payout accounts, as the server keeps them (details, masked when listed). */
  accounts: { id: string; details: PayoutDetails }[];
  /** `GET /v1/me/withdrawals/quote` amounts asked. */
  quotes: number[];
  /**
   * As the server, a welcome coupon only for a visitor whose touch through the code is stored
   * (else 409 `no_referral_visit`); the touch answered `answerAfter` ms after it arrives and stored
   * `storeAfter` ms after that. Off (every visitor gets the coupon) when null.
   */
  touchRule: { answerAfter: number; storeAfter: number } | null;
  /** As a server without TWOTIER_PAYOUT_KEY: adding a payout account answers 503 `payout_key_missing` (listing works). */
  noPayoutKey: boolean;
  /** What each `GET /v1/public/welcome` answered, in order: the status, and how many touches were stored then. */
  welcomes: { status: number; stored: number }[];
  /** `POST /v1/me/join` bodies. */
  joins: Record<string, unknown>[];
}

const NONCE = 'r4nd0mN0nce';

export const CSP =
  `default-src 'self'; script-src 'nonce-${NONCE}'; style-src 'self' 'nonce-${NONCE}'; img-src 'self' data: blob:; ` +
  `connect-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'`;

/** The tea the product pages sell (the price is what the poster must show: ¥168.00). */
export const TEA = { name: 'West Lake Longjing 明前龙井 250 g', price: '168.00', currency: 'CNY' };

/** Three colour bands along an image's long side, so a test can tell which part the poster kept. */
const bands = (w: number, h: number) => {
  const tall = h > w;
  const [a, b, c] = ['#1d4ed8', '#16a34a', '#dc2626'];
  const part = (tall ? h : w) / 3;
  const rect = (i: number, fill: string) =>
    tall ? `<rect y="${i * part}" width="${w}" height="${part}" fill="${fill}"/>` : `<rect x="${i * part}" width="${part}" height="${h}" fill="${fill}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${rect(0, a)}${rect(1, b)}${rect(2, c)}</svg>`;
};

const productLd = (o: PageOptions, origin: string) => {
  const image = o.product == 'tall' ? `${origin}/tall.svg` : o.product == 'wide' ? `${origin}/wide.svg` : undefined;
  return JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'Organization', name: 'Lanxi Tea 兰溪茶' },
      {
        '@type': 'Product',
        name: TEA.name,
        sku: 'longjing-250',
        url: `${origin}/products/longjing`,
        ...(image ? { image: [image] } : {}),
        offers: { '@type': 'Offer', price: TEA.price, priceCurrency: TEA.currency },
      },
    ],
  });
};

/** The list a shop gives the picker. */
export const PRODUCTS = [
  { name: 'Tieguanyin 铁观音 100 g', url: '/products/tieguanyin', amount: 8800, currency: 'CNY', image: '/wide.svg', sku: 'tgy-100' },
  { name: 'Dian Hong 滇红 200 g', url: '/products/dianhong', amount: 12900, currency: 'CNY', sku: 'dh-200' },
  { name: 'Jasmine Pearls 茉莉龙珠 50 g', url: '/products/jasmine', amount: 6600, currency: 'CNY', image: '/tall.svg', sku: 'jp-50' },
];

const page = (o: PageOptions, origin: string, path: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${o.product && o.product != 'none' ? TEA.name : path.startsWith('/account') ? 'Your account · Lanxi Tea' : 'Oolong tea 250 g'}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta property="og:site_name" content="Lanxi Tea 兰溪茶">
${
  o.product && o.product != 'none' && o.product != 'og'
    ? `<script type="application/ld+json" nonce="${NONCE}">${productLd(o, origin)}</script>`
    : path.startsWith('/account') || o.product == 'none'
      ? ''
      : `<meta property="og:type" content="product"><meta property="og:title" content="Oolong tea, 250 g tin">
<meta property="product:price:amount" content="39.90"><meta property="product:price:currency" content="CNY">
<meta property="og:image" content="/product.svg">`
}
<style nonce="${NONCE}">body{font-family:Georgia,serif;margin:24px}${
  o.hostile ? '*{all:unset!important}html{font-size:64px!important}body,div,button{font-size:80px!important;line-height:3!important;color:lime!important}' : ''
}${o.wide ? '.wide{width:1400px;height:60px;background:#eee}' : ''}</style>
<script nonce="${NONCE}">
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.twotier = window.twotier || function () { (twotier.q = twotier.q || []).push(arguments); };
${o.identify ? `twotier('identify', 'token-of-${o.identify}');` : ''}
${o.products ? `twotier('products', ${JSON.stringify(PRODUCTS)});` : ''}
twotier('ready', (t) => { window.__referral = t.referral; });
window.addEventListener('twotier:share', (e) => { window.__share = e.detail; });
</script>
<script async nonce="${NONCE}" src="${o.tag ?? ''}/twotier.js" data-key="pk_test_12345678"${o.locale ? ` data-locale="${o.locale}"` : ''}${o.position ? ` data-position="${o.position}"` : ''}></script>
</head><body><h1>${o.product && o.product != 'none' ? TEA.name : 'Oolong tea'}</h1><p>A shop page with its own styles.</p>
${o.wide ? '<div class="wide"></div>' : ''}
${o.inline ? '<div data-twotier-panel></div>' : ''}
<form data-twotier action="/checkout"><button>Buy</button></form>
${'<p>More of the shop’s page.</p>'.repeat(o.wide ? 40 : 1)}
</body></html>`;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (c: Buffer) => (s += c));
    req.on('end', () => resolve(s));
  });

/** Starts the fake shop + API on 127.0.0.1 (a random port). */
export async function startFakeServer(host = '127.0.0.1'): Promise<{ url: string; state: FakeState; server: Server }> {
  const state: FakeState = { clicks: [], displayName: 'Alice Chen', withdrawals: [], joins: [], accounts: [], quotes: [], touchRule: null, welcomes: [], noPayoutKey: false };
  const stored: { code: string; visitorId: string }[] = [];
  const listed = (a: FakeState['accounts'][number]) => ({ id: a.id, distributorId: 'd_alice', kind: a.details.kind, ...maskPayoutAccount(a.details), createdAt: '2026-11-25T00:00:00Z' });
  let origin = '';
  const distributor = (user: string) =>
    user == 'alice'
      ? { id: 'd_alice', code: 'alice', name: state.displayName, email: null, externalId: 'u1', parentId: null, status: 'active', grade: null, createdAt: '2026-11-01T00:00:00Z' }
      : { id: 'd_new', code: 'newbie', name: 'Newbie', email: null, externalId: 'u2', parentId: state.joins.length ? 'd_bob' : null, status: 'active', grade: null, createdAt: '2026-11-03T00:00:00Z' };
  // `newbie` is a distributor only once joined.
  const joined = (user: string) => user == 'alice' || state.joins.length > 0;
  const me = (user: string) => ({
    user: { userId: user, name: user == 'alice' ? state.displayName : 'Newbie' },
    distributor: joined(user) ? distributor(user) : null,
    links: joined(user) ? [`${origin}/?ref=${distributor(user).code}`] : [],
    balance: joined(user) ? { distributorId: 'd_alice', currency: 'CNY', pending: 12345, available: 8800, inWithdrawal: 0, paid: 50000 } : null,
    program: { levels: 2, joinPolicy: 'open', minWithdrawal: 5000, currency: 'CNY' },
  });
  const commission = (id: string, orderId: string, level: 1 | 2, amount: number, status: string, extra: object = {}) => ({
    id, orderId, distributorId: 'd_alice', level, currency: 'CNY', amount, reversed: 0, status,
    explanation: {
      lines: [
        { line: 0, sku: 'oolong-250', quantity: 2, base: 7980, source: { kind: 'rule', ruleId: 'tea' }, rate: { percentBps: 1000 }, excluded: false, exact: 7980000 },
        { line: 1, sku: 'gift-box', quantity: 1, base: 1500, source: { kind: 'default' }, rate: null, excluded: true, exact: 0 },
      ],
      cap: null,
    },
    availableAt: '2026-12-01T00:00:00Z', createdAt: '2026-11-20T10:00:00Z',
    ...extra,
  });
  const userOf = (req: IncomingMessage) => (/sess_(\w+)/.exec(req.headers.authorization ?? '')?.[1] ?? 'alice');
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const p = url.pathname;
    // As the real server: chunks are readable from any origin, the API answers CORS to the page's.
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
    res.setHeader('access-control-allow-methods', 'GET, POST, DELETE');
    res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      return res.end();
    }
    if (p === '/twotier.js' || /^\/[a-z]+-\w+\.js$/.test(p)) {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return res.end(readFileSync(join(DIST, p.slice(1))));
    }
    if (p === '/product.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      return res.end('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#7a9a3a"/><circle cx="200" cy="150" r="90" fill="#e8d9a8"/></svg>');
    }
    if (p === '/tall.svg' || p === '/wide.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      return res.end(p === '/tall.svg' ? bands(300, 900) : bands(1200, 300));
    }
    if (p === '/v1/track/click' && req.method === 'POST') {
      const click = JSON.parse(await read(req)) as { code: string; visitorId: string };
      state.clicks.push(click);
      const rule = state.touchRule;
      if (!rule) return json(res, 202, { accepted: true, duplicate: false });
      await new Promise((r) => setTimeout(r, rule.answerAfter));
      json(res, 202, { accepted: true, duplicate: false });
      setTimeout(() => stored.push(click), rule.storeAfter);
      return;
    }
    if (p === '/v1/track/conversion') return json(res, 202, { accepted: true, duplicate: false });
    if (p === '/v1/public/welcome') {
      const code = url.searchParams.get('code')!;
      const visitorId = url.searchParams.get('visitorId') ?? '';
      if (!/^[\w-]{8,64}$/.test(visitorId)) return json(res, 400, { error: { code: 'invalid', message: 'visitorId' } });
      if (state.touchRule && !stored.some((c) => c.code == code && c.visitorId == visitorId)) {
        state.welcomes.push({ status: 409, stored: stored.length });
        return json(res, 409, { error: { code: 'no_referral_visit', message: 'a welcome coupon is only for a visitor who arrived through this distributor’s link' } });
      }
      state.welcomes.push({ status: 200, stored: stored.length });
      return json(res, 200, { distributor: { code, displayName: state.displayName }, coupon: 'WELCOME10', reason: 'assigned' });
    }
    if (p.startsWith('/v1/public/distributors/')) {
      const code = decodeURIComponent(p.split('/').pop()!);
      if (code == 'bob') return json(res, 200, { code, displayName: 'Bob 王' });
      if (code == 'alice') return json(res, 200, { code, displayName: state.displayName });
      return json(res, 404, { error: { code: 'not_found', message: 'no such distributor' } });
    }
    if (p === '/v1/sessions') {
      const user = /token-of-(\w+)/.exec(JSON.parse(await read(req)).identityToken)?.[1] ?? 'alice';
      return json(res, 201, { session: `sess_${user}`, expiresAt: '2026-12-01T00:00:00Z', user: { userId: user }, distributor: joined(user) ? distributor(user) : null });
    }
    if (p === '/v1/me') return json(res, 200, me(userOf(req)));
    if (p === '/v1/me/join' && req.method === 'POST') {
      state.joins.push(JSON.parse(await read(req)) as Record<string, unknown>);
      return json(res, 201, me(userOf(req)));
    }
    if (p === '/v1/me/commissions') {
      // Dates in the near future, so "available from" names a day without a year.
      const soon = new Date(Date.now() + 9 * 86_400_000);
      soon.setUTCHours(12, 0, 0, 0);
      return json(res, 200, {
        data: [
          commission('c1', 'A-1001', 1, 798, 'available'),
          commission('c2', 'A-1002', 2, 240, 'pending', { availableAt: soon.toISOString(), recruit: { id: 'd_bob', displayName: 'Bob 王' } }),
          commission('c3', 'A-1003', 1, 500, 'reversed', { reversed: 500, refunds: [{ id: 'R-7', amount: 500, at: '2026-11-22T09:00:00Z' }] }),
        ],
        nextCursor: null,
      });
    }
    if (p === '/v1/me/recruits') {
      return json(res, 200, { data: [{ id: 'd_bob', code: 'bob', displayName: 'Bob 王', status: 'active', joinedAt: '2026-11-02T00:00:00Z', sales: 45600, orders: 3, myCommission: 2280 }] });
    }
    if (p === '/v1/me/withdrawals' && req.method === 'POST') {
      const body = JSON.parse(await read(req)) as { amount: number; payoutAccountId?: string };
      if (body.payoutAccountId && !state.accounts.some((a) => a.id == body.payoutAccountId)) return json(res, 404, { error: { code: 'not_found', message: 'no such payout account' } });
      state.withdrawals.push(body);
      return json(res, 201, { id: 'w1', amount: body.amount, fee: 200, net: body.amount - 200, payoutAccountId: body.payoutAccountId ?? null });
    }
    // As the server: a fee of ¥2.00 per withdrawal, the minimum ¥50.00, the available balance ¥88.00.
    if (p === '/v1/me/withdrawals/quote') {
      const amount = Number(url.searchParams.get('amount'));
      state.quotes.push(amount);
      return json(res, 200, { currency: 'CNY', amount, fee: 200, net: amount - 200, available: 8800, minWithdrawal: 5000, allowed: amount >= 5000 && amount <= 8800 });
    }
    if (p === '/v1/me/payout-accounts' && req.method === 'POST' && state.noPayoutKey)
      return json(res, 503, { error: { code: 'payout_key_missing', message: 'this server has no payout key (TWOTIER_PAYOUT_KEY)' } });
    if (p === '/v1/me/payout-accounts' && req.method === 'POST') {
      // Validated by kind as the server does (core's schema), refused as it refuses: 422 validation_failed, every issue in details.
      const parsed = payoutAccountCreateSchema.safeParse(JSON.parse(await read(req)));
      if (!parsed.success) {
        const issues = parsed.error.issues;
        return json(res, 422, {
          error: {
            code: 'validation_failed',
            message: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
            details: issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message })),
          },
        });
      }
      const a = { id: `pay_${state.accounts.length + 1}`, details: parsed.data as PayoutDetails };
      state.accounts.push(a);
      return json(res, 201, listed(a));
    }
    if (p === '/v1/me/payout-accounts') return json(res, 200, { data: state.accounts.map(listed).reverse() });
    if (p.startsWith('/v1/me/payout-accounts/') && req.method === 'DELETE') {
      state.accounts = state.accounts.filter((a) => a.id != decodeURIComponent(p.split('/').pop()!));
      res.writeHead(204);
      return res.end();
    }
    const q = url.searchParams;
    const o: PageOptions = {
      csp: q.has('csp'), hostile: q.has('hostile'), inline: q.has('inline'),
      identify: q.has('identify') ? q.get('identify') || 'alice' : undefined, locale: q.get('locale') ?? undefined,
      tag: q.get('tag') ?? undefined, product: (q.get('product') as PageOptions['product']) ?? undefined,
      products: q.has('products'), position: q.get('position') ?? undefined, wide: q.has('wide'),
    };
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(o.csp ? { 'content-security-policy': CSP } : {}) });
    res.end(page(o, origin, p));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return { url: origin, state, server };
}

/** Where the browser tests write their screenshots (to be looked at; not committed). */
export const SHOTS = join(import.meta.dirname, '../../screenshots');

/**
 * Starts the fake shop server and Chromium before a suite's tests and closes
 * both after them; `use` receives the browser, the server's URL and its state.
 *
 * @example
 * let browser: Browser; let base: string; let state: FakeState;
 * withFakeStack((s) => ({ browser, base, state } = s));
 */
export function withFakeStack(use: (stack: { browser: Browser; base: string; state: FakeState }) => void): void {
  let browser: Browser | undefined;
  let server: Server | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const started = await startFakeServer();
    server = started.server;
    browser = await launch();
    use({ browser, base: started.url, state: started.state });
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });
}
