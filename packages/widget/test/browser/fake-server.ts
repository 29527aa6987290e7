import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

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
  /** `twotier('identify', token)` before the tag. */
  identify?: boolean;
  locale?: string;
  /** Load the tag (and so the API) from this origin instead of the page's. */
  tag?: string;
}

/** What the fake API answers and what it was sent. */
export interface FakeState {
  clicks: Record<string, unknown>[];
  displayName: string;
  withdrawals: number[];
}

const NONCE = 'r4nd0mN0nce';

export const CSP =
  `default-src 'self'; script-src 'nonce-${NONCE}'; style-src 'self' 'nonce-${NONCE}'; img-src 'self' data: blob:; ` +
  `connect-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'`;

const page = (o: PageOptions) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Oolong tea 250 g</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta property="og:title" content="Oolong tea, 250 g tin">
<meta property="product:price:amount" content="39.90"><meta property="product:price:currency" content="CNY">
<meta property="og:image" content="/product.svg">
<style nonce="${NONCE}">body{font-family:Georgia,serif;margin:24px}${
  o.hostile ? '*{all:unset!important}html{font-size:64px!important}body,div,button{font-size:80px!important;line-height:3!important;color:lime!important}' : ''
}</style>
<script nonce="${NONCE}">
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.twotier = window.twotier || function () { (twotier.q = twotier.q || []).push(arguments); };
${o.identify ? "twotier('identify', 'token-of-alice');" : ''}
twotier('ready', (t) => { window.__referral = t.referral; });
</script>
<script async nonce="${NONCE}" src="${o.tag ?? ''}/twotier.js" data-key="pk_test_12345678"${o.locale ? ` data-locale="${o.locale}"` : ''}></script>
</head><body><h1>Oolong tea</h1><p>A shop page with its own styles.</p>
${o.inline ? '<div data-twotier-panel></div>' : ''}
<form data-twotier action="/checkout"><button>Buy</button></form>
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
  const state: FakeState = { clicks: [], displayName: 'Alice Chen', withdrawals: [] };
  let origin = '';
  const distributor = () => ({
    id: 'd_alice', code: 'alice', name: state.displayName, email: null, externalId: 'u1', parentId: null,
    status: 'active', grade: null, createdAt: '2026-11-01T00:00:00Z',
  });
  const me = () => ({
    user: { userId: 'u1', name: state.displayName },
    distributor: distributor(),
    links: [`${origin}/?ref=alice`],
    balance: { distributorId: 'd_alice', currency: 'CNY', pending: 12345, available: 8800, inWithdrawal: 0, paid: 50000 },
    program: { levels: 2, joinPolicy: 'open', minWithdrawal: 5000, currency: 'CNY' },
  });
  const commission = (id: string, orderId: string, level: 1 | 2, amount: number, status: string) => ({
    id, orderId, distributorId: 'd_alice', level, currency: 'CNY', amount, reversed: 0, status,
    explanation: {
      lines: [
        { line: 0, sku: 'oolong-250', quantity: 2, base: 7980, source: { kind: 'rule', ruleId: 'tea' }, rate: { percentBps: 1000 }, excluded: false, exact: 7980000 },
        { line: 1, sku: 'gift-box', quantity: 1, base: 1500, source: { kind: 'default' }, rate: null, excluded: true, exact: 0 },
      ],
      cap: null,
    },
    availableAt: '2026-12-01T00:00:00Z', createdAt: '2026-11-20T10:00:00Z',
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const p = url.pathname;
    // As the real server: chunks are readable from any origin, the API answers CORS to the page's.
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization');
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
    if (p === '/v1/track/click' && req.method === 'POST') {
      state.clicks.push(JSON.parse(await read(req)) as Record<string, unknown>);
      return json(res, 202, { accepted: true, duplicate: false });
    }
    if (p === '/v1/track/conversion') return json(res, 202, { accepted: true, duplicate: false });
    if (p === '/v1/public/welcome') {
      const code = url.searchParams.get('code')!;
      if (!/^[\w-]{8,64}$/.test(url.searchParams.get('visitorId') ?? '')) return json(res, 400, { error: { code: 'invalid', message: 'visitorId' } });
      return json(res, 200, { distributor: { code, displayName: state.displayName }, coupon: 'WELCOME10', reason: 'assigned' });
    }
    if (p.startsWith('/v1/public/distributors/')) {
      return json(res, 200, { code: decodeURIComponent(p.split('/').pop()!), displayName: state.displayName });
    }
    if (p === '/v1/sessions') return json(res, 201, { session: 'sess_1', expiresAt: '2026-12-01T00:00:00Z', user: { userId: 'u1' }, distributor: distributor() });
    if (p === '/v1/me') return json(res, 200, me());
    if (p === '/v1/me/commissions') {
      return json(res, 200, { data: [commission('c1', 'A-1001', 1, 798, 'available'), commission('c2', 'A-1002', 2, 240, 'pending')], nextCursor: null });
    }
    if (p === '/v1/me/recruits') {
      return json(res, 200, { data: [{ id: 'd_bob', code: 'bob', displayName: 'Bob 王', status: 'active', joinedAt: '2026-11-02T00:00:00Z', sales: 45600, orders: 3, myCommission: 2280 }] });
    }
    if (p === '/v1/me/withdrawals' && req.method === 'POST') {
      state.withdrawals.push((JSON.parse(await read(req)) as { amount: number }).amount);
      return json(res, 201, { id: 'w1' });
    }
    const o: PageOptions = {
      csp: url.searchParams.has('csp'), hostile: url.searchParams.has('hostile'), inline: url.searchParams.has('inline'),
      identify: url.searchParams.has('identify'), locale: url.searchParams.get('locale') ?? undefined,
      tag: url.searchParams.get('tag') ?? undefined,
    };
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(o.csp ? { 'content-security-policy': CSP } : {}) });
    res.end(page(o));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return { url: origin, state, server };
}
