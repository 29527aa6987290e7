import { randomBytes } from 'node:crypto';
import { signIdentityToken } from '@twotier/core';

const ORIGIN = 'https://shop.example';
const rid = (p: string) => `${p}_${randomBytes(6).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A shop set up for the soak: keys, referral codes, distributor ids and panel sessions. */
export interface SoakShop {
  id: string;
  pk: string;
  sk: string;
  codes: string[];
  distributorIds: string[];
  sessions: string[];
}

/** What the client saw; every acknowledged write is kept by id for the final check. */
export class Tally {
  sent = 0;
  byStatus = new Map<number, number>();
  /** Requests with no HTTP answer (connection refused or reset, timeout). */
  unanswered = 0;
  retries = 0;
  /** Writes still unacknowledged when their retry deadline passed. */
  gaveUp = 0;
  latencies: number[] = [];
  ackedClicks = new Set<string>();
  ackedOrders = new Set<string>();
  ackedRefunds = new Set<string>();
  count(status: number) {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }
  get fiveXx() {
    let n = 0;
    for (const [s, c] of this.byStatus) if (s >= 500) n += c;
    return n;
  }
}

type Req = { method: string; path: string; auth?: string; browser?: boolean; body?: unknown; ip?: string };

/** One HTTP exchange with the balancer; `null` status when nothing answered. */
async function exchange(base: string, r: Req, tally: Tally): Promise<{ status: number | null; body: any }> {
  const started = performance.now();
  tally.sent++;
  try {
    const res = await fetch(`${base}${r.path}`, {
      method: r.method,
      headers: {
        ...(r.auth ? { authorization: `Bearer ${r.auth}` } : {}),
        ...(r.browser ? { origin: ORIGIN } : {}),
        ...(r.ip ? { 'x-forwarded-for': r.ip } : {}),
        ...(r.body !== undefined ? { 'content-type': r.browser ? 'text/plain' : 'application/json' } : {}),
      },
      ...(r.body !== undefined ? { body: JSON.stringify(r.body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    tally.count(res.status);
    tally.latencies.push(performance.now() - started);
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  } catch {
    tally.unanswered++;
    return { status: null, body: null };
  }
}

/**
 * Sends a write until it is acknowledged (2xx), retrying the very same body
 * (same ids) after any 5xx or missing answer, for at most `deadlineMs`.
 */
async function write(base: string, r: Req, tally: Tally, deadlineMs = 90_000): Promise<number | null> {
  const until = Date.now() + deadlineMs;
  for (let attempt = 0; ; attempt++) {
    const { status } = await exchange(base, r, tally);
    if (status !== null && status < 500) return status;
    if (Date.now() > until) {
      tally.gaveUp++;
      return null;
    }
    tally.retries++;
    await sleep(Math.min(2_000, 100 * 2 ** attempt));
  }
}

/** Creates the shop (operator API), a two-level program, distributors and distributor sessions. */
export async function setUpShop(base: string, operatorToken: string, tally: Tally): Promise<SoakShop> {
  const ok = (x: { status: number | null; body: any }, what: string) => {
    if (x.status === null || x.status >= 300) throw new Error(`${what}: ${x.status} ${JSON.stringify(x.body)}`);
    return x.body;
  };
  const shop = ok(await exchange(base, { method: 'POST', path: '/v1/shops', auth: operatorToken, body: { name: 'Soak Tea', currency: 'CNY', allowedOrigins: [ORIGIN] } }, tally), 'shop');
  const sk: string = shop.secretKey;
  ok(await exchange(base, { method: 'PUT', path: '/v1/program', auth: sk, body: { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 } }, tally), 'program');
  const codes: string[] = [];
  const distributorIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const d = ok(await exchange(base, { method: 'POST', path: '/v1/distributors', auth: sk, body: { name: `Distributor ${i}`, code: rid('d'), ...(i >= 10 ? { parentCode: codes[i - 10] } : {}) } }, tally), 'distributor');
    codes.push(d.code);
    distributorIds.push(d.id);
  }
  const sessions: string[] = [];
  for (let i = 0; i < 5; i++) {
    const userId = rid('user');
    const identityToken = await signIdentityToken(sk, { userId, name: `User ${i}`, email: `${userId}@example.com`, exp: Math.floor(Date.now() / 1000) + 86_400 });
    const s = ok(await exchange(base, { method: 'POST', path: '/v1/sessions', browser: true, body: { key: shop.publishableKey, identityToken } }, tally), 'session');
    sessions.push(s.session);
    ok(await exchange(base, { method: 'POST', path: '/v1/me/join', browser: true, auth: s.session, body: { acceptTerms: true, parentCode: codes[i] } }, tally), 'join');
  }
  return { id: shop.id, pk: shop.publishableKey, sk, codes, distributorIds, sessions };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const visitorIp = () => `10.${Math.floor(Math.random() * 4)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

/**
 * Mixed traffic at a fixed rate for `durationMs`: 50% clicks, 20% orders,
 * 5% refunds of acknowledged orders, 15% panel reads with a session, 10%
 * secret-key reads. Clicks come from many visitor IPs (X-Forwarded-For).
 * Resolves when every request started has finished (writes retried until acknowledged).
 */
export async function runTraffic(base: string, shop: SoakShop, tally: Tally, rate: number, durationMs: number, maxInFlight = 300): Promise<void> {
  const refundable: string[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const one = async () => {
    const r = Math.random();
    if (r < 0.5) {
      const eventId = rid('e');
      const s = await write(base, { method: 'POST', path: '/v1/track/click', browser: true, ip: visitorIp(), body: { key: shop.pk, code: pick(shop.codes), visitorId: rid('v'), eventId, url: `${ORIGIN}/tea` } }, tally);
      if (s === 202) tally.ackedClicks.add(eventId);
    } else if (r < 0.7) {
      const id = rid('o');
      const s = await write(base, { method: 'POST', path: '/v1/orders', auth: shop.sk, body: { id, currency: 'CNY', items: [{ sku: pick(['tea-a', 'tea-b', 'cup']), quantity: 1, unitPrice: 10_000 }], referralCode: pick(shop.codes) } }, tally);
      if (s === 201 || s === 200) {
        tally.ackedOrders.add(id);
        refundable.push(id);
      }
    } else if (r < 0.75 && refundable.length > 0) {
      const orderId = refundable.splice(Math.floor(Math.random() * refundable.length), 1)[0]!;
      const s = await write(base, { method: 'POST', path: `/v1/orders/${orderId}/refunds`, auth: shop.sk, body: { id: `r_${orderId}`, amount: 3_000 } }, tally);
      if (s === 201 || s === 200) tally.ackedRefunds.add(`r_${orderId}`);
    } else if (r < 0.9) {
      await exchange(base, { method: 'GET', path: pick(['/v1/me', '/v1/me/commissions', '/v1/me/recruits']), browser: true, auth: pick(shop.sessions) }, tally);
    } else {
      await exchange(base, { method: 'GET', path: pick([`/v1/distributors/${pick(shop.distributorIds)}/balance`, '/v1/stats?groupBy=day', '/v1/stats?groupBy=distributor']), auth: shop.sk }, tally);
    }
  };
  const started = Date.now();
  const interval = 1000 / rate;
  for (let i = 0; Date.now() - started < durationMs; i++) {
    const due = started + i * interval;
    if (due > Date.now()) await sleep(due - Date.now());
    if (inFlight.size >= maxInFlight) continue; // the client's own backlog limit: skip, keep the fixed schedule
    const p = one().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
}
