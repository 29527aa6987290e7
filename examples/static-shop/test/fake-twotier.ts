import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake twotier API received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/**
 * What the shop relies on the real tag for, and no more: it drains the stub's
 * queue, records calls, keeps `?ref=` and fills the hidden inputs of
 * `form[data-twotier]`.
 */
const FAKE_TAG = `(function () {
  var queued = (window.twotier && window.twotier.q) || [];
  var calls = [];
  function tt() { calls.push([].slice.call(arguments)); }
  tt.calls = calls;
  tt.key = document.currentScript && document.currentScript.dataset.key;
  queued.forEach(function (a) { tt.apply(null, [].slice.call(a)); });
  window.twotier = tt;
  var ref = new URLSearchParams(location.search).get('ref');
  if (ref) localStorage.setItem('fake_tt_ref', ref);
  function hidden(form, name, value) {
    var input = form.querySelector('input[name="' + name + '"]') || form.appendChild(document.createElement('input'));
    input.type = 'hidden'; input.name = name; input.value = value || '';
  }
  document.querySelectorAll('form[data-twotier]').forEach(function (f) {
    hidden(f, 'twotier_vid', 'v_browserVisitor01');
    hidden(f, 'twotier_ref', localStorage.getItem('fake_tt_ref'));
  });
})();`;

/**
 * A small stand-in for the twotier API on 127.0.0.1: records every request,
 * answers orders with a 10 % level-1 and 5 % level-2 commission when a
 * referral code is present, and refunds with proportional reversals.
 * `failNext(n)` makes the next n calls answer 503.
 */
export async function startFakeTwotier() {
  const requests: RecordedRequest[] = [];
  let failures = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : null;
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.method === 'GET' && path === '/twotier.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(FAKE_TAG);
    }
    if (failures > 0) {
      failures--;
      return reply(503, { error: { code: 'unavailable', message: 'try again' } });
    }
    if (req.headers.authorization !== 'Bearer sk_test_shop_secret_0001') {
      return reply(401, { error: { code: 'unauthorized', message: 'bad key' } });
    }
    const now = new Date().toISOString();
    if (req.method === 'POST' && path === '/v1/orders') {
      const base = body.items.reduce((s: number, i: { quantity: number; unitPrice: number }) => s + i.quantity * i.unitPrice, 0);
      const commission = (level: 1 | 2, bps: number) => ({
        id: `cm_${level}`, orderId: body.id, distributorId: `d_${level}`, level, currency: body.currency,
        amount: Math.round((base * bps) / 10_000), reversed: 0, status: 'pending', explanation: {}, availableAt: now, createdAt: now,
      });
      return reply(201, {
        order: { ...body, discount: 0, shipping: body.shipping ?? 0, tax: 0, base, totalPaid: base + (body.shipping ?? 0), refunded: 0,
          customer: body.customer ?? null, region: body.region ?? null, attribution: null, placedAt: now, createdAt: now },
        commissions: body.referralCode ? [commission(1, 1000), commission(2, 500)] : [],
        notPaid: [],
      });
    }
    const refund = /^\/v1\/orders\/([^/]+)\/refunds$/.exec(path);
    if (req.method === 'POST' && refund) {
      return reply(201, {
        refund: { id: body.id, orderId: decodeURIComponent(refund[1] ?? ''), amount: body.amount ?? null, items: body.items ?? null, createdAt: now },
        reversals: [{ commissionId: 'cm_1', distributorId: 'd_1', level: 1, amount: 100, cumulative: 100, earned: 1000, clawback: false }],
      });
    }
    return reply(404, { error: { code: 'not_found', message: `no route ${path}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(n: number) {
      failures = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
