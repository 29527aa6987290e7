import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { TwotierApp } from '../../src/app';
import { startServer, type RunningServer } from '../../src/node';
import { createPayoutKeyring } from '../../src/payouts/keyring';
import { createAdminUser } from '../../src/admin';
import { settleDue } from '../../src/services/settlement';

/** What the browser test signs in with and looks for. */
export interface DashboardSeed {
  shopId: string;
  sk: string;
  email: string;
  password: string;
  /** Withdrawal ids: `toPay` is requested (to approve, export and pay), `other` stays requested. */
  toPay: string;
  other: string;
  codes: string[];
}

const DAY = 86_400_000;
export const ADMIN_EMAIL = 'owner@lanxi.example';
export const ADMIN_PASSWORD = 'tea-garden-2026!';

/**
 * A shop with a believable month: 12 distributors on two levels, clicks and
 * orders over the last 20 days, a refund, settled commissions and two
 * withdrawal requests. `clock.ms` is moved along (and left at the real now).
 */
export async function seedDashboard(app: TwotierApp, clock: { ms: number }, operatorToken: string, origin: string): Promise<DashboardSeed> {
  const realNow = Date.now();
  clock.ms = realNow - 20 * DAY;
  const call = async (method: string, path: string, body: unknown, auth: string | null, extra: Record<string, string> = {}) => {
    const res = await app.request(path, {
      method,
      headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), 'content-type': 'application/json', ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as any;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const shop = await call('POST', '/v1/shops', { name: 'Lanxi Tea 兰溪茶园', currency: 'CNY', allowedOrigins: [origin] }, operatorToken);
  const sk: string = shop.secretKey;
  await call('PUT', '/v1/program', {
    levels: 2,
    defaultRates: { level1Bps: 1000, level2Bps: 500 },
    grades: [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 600, upgradeAtSales: 500_000 }],
    rules: [
      { id: 'oolong-promo', priority: 10, when: { sku: ['OOLONG-250'] }, level1: { percentBps: 2000 }, level2: { percentBps: 500 } },
      { id: 'gift-box-fixed', when: { category: ['gift'] }, level1: { fixedPerUnit: 1500 } },
    ],
  }, sk);
  await createAdminUser(app.services.db, { shopId: shop.id, email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, clock.ms);

  const names = ['Ann Chen 陈安', 'Bo Li 李博', 'Cai Wang 王彩', 'Dan Zhou 周丹', 'Eve Wu 吴伊', 'Fei Xu 徐飞', 'Gao Sun 孙高', 'Hua Ma 马华', 'Ivy Zhu 朱艺', 'Jun He 何军', 'Kai Lin 林凯', 'Lei Guo 郭磊'];
  const codes: string[] = [];
  for (const [i, name] of names.entries()) {
    const code = `TEA${String(i + 1).padStart(2, '0')}`;
    const parentCode = i === 0 ? undefined : i < 4 ? 'TEA01' : i < 8 ? 'TEA02' : undefined;
    await call('POST', '/v1/distributors', { name, code, email: `d${i + 1}@lanxi.example`, ...(parentCode ? { parentCode } : {}) }, sk);
    codes.push(code);
    clock.ms += 3_600_000;
  }
  const products = [
    { sku: 'OOLONG-250', category: 'tea', unitPrice: 16_800 },
    { sku: 'LONGJING-100', category: 'tea', unitPrice: 25_800 },
    { sku: 'GIFT-BOX', category: 'gift', unitPrice: 39_900 },
    { sku: 'PUER-357', category: 'tea', unitPrice: 12_800 },
  ];
  const regions = ['Zhejiang', 'Shanghai', 'Beijing', 'Guangdong'];
  let n = 0;
  for (let day = 0; day < 20; day++) {
    const dayStart = realNow - (20 - day) * DAY;
    for (let k = 0; k < 2 + (day % 3); k++) {
      n++;
      const code = codes[(n * 7) % 9]!;
      const at = dayStart + k * 3_600_000;
      clock.ms = at;
      await call('POST', '/v1/track/click', { key: shop.publishableKey, code, visitorId: `v${n}xxxxxxxx`, eventId: `e${n}xxxxxxxxxx`, url: `${origin}/?ref=${code}` }, null, { origin, 'content-type': 'text/plain' });
      if (n % 3 === 0) continue;
      const p = products[n % products.length]!;
      await call('POST', '/v1/orders', {
        id: `LX-${1000 + n}`,
        currency: 'CNY',
        items: [{ ...p, quantity: 1 + (n % 2) }],
        shipping: 1000,
        region: regions[n % regions.length],
        referralCode: n % 5 === 0 ? undefined : code,
        customer: { id: `c${n % 17}` },
        placedAt: new Date(at).toISOString(),
      }, sk);
    }
  }
  await call('POST', '/v1/orders/LX-1002/refunds', { id: 'RF-1', amount: 5000 }, sk);
  clock.ms = realNow;
  await settleDue(app.services.db, realNow, shop.id);
  const balances = await Promise.all(
    ['TEA01', 'TEA02'].map(async (code) => {
      const list = await call('GET', `/v1/distributors?q=${code}`, undefined, sk);
      const d = list.data.find((x: { code: string }) => x.code === code);
      const b = await call('GET', `/v1/distributors/${d.id}/balance`, undefined, sk);
      return { id: d.id as string, available: b.available as number };
    }),
  );
  const [a, b] = balances as [{ id: string; available: number }, { id: string; available: number }];
  if (a.available <= 0 || b.available <= 0) throw new Error(`seed: nothing available to withdraw (${a.available}, ${b.available})`);
  // with a payout key, each withdrawal names the distributor's Alipay account (the export pays it)
  const accounts = app.services.payoutKeys
    ? await Promise.all([a, b].map((d, i) => call('POST', `/v1/distributors/${d.id}/payout-accounts`, { kind: 'alipay', account: `1380000000${i + 1}`, realName: i ? '李娜' : '张三' }, sk)))
    : [];
  const toPay = await call('POST', '/v1/withdrawals', { distributorId: a.id, amount: a.available, ...(accounts[0] ? { payoutAccountId: accounts[0].id } : {}) }, sk);
  const other = await call('POST', '/v1/withdrawals', { distributorId: b.id, amount: b.available, ...(accounts[1] ? { payoutAccountId: accounts[1].id } : {}) }, sk);
  await call('PATCH', `/v1/distributors/${(await call('GET', '/v1/distributors?q=TEA12', undefined, sk)).data[0].id}`, { status: 'pending' }, sk);
  return { shopId: shop.id, sk, email: ADMIN_EMAIL, password: ADMIN_PASSWORD, toPay: toPay.id, other: other.id, codes };
}

/**
 * The dashboard's browser suites start alike: the dashboard built, a server on
 * a free loopback port over the SQLite `file` (the operator token given, the
 * clock's time, no rate limits, clicks written at once, a payout key), and the
 * believable month of `seedDashboard` in it.
 */
export async function startSeededDashboard(file: string, clock: { ms: number }, operatorToken: string): Promise<{ server: RunningServer; seed: DashboardSeed }> {
  const { buildAdmin } = await import('../../admin-ui/build.mjs');
  await buildAdmin();
  const server = await startServer({ port: 0, hostname: '127.0.0.1', databaseUrl: file, operatorToken, handleSignals: false, settleEveryMs: 0, rateLimiter: false, logger: pino({ level: 'silent' }), now: () => new Date(clock.ms), clickBatch: { maxDelayMs: 1 }, payoutKeys: createPayoutKeyring(randomBytes(32).toString('base64')) });
  return { server, seed: await seedDashboard(server.app, clock, operatorToken, 'https://shop.example') };
}
