/**
 * Seeds a demo shop over the HTTP API: a program with grades and rules, a
 * two-level tree of distributors, a few weeks of clicks, orders and refunds
 * (placed on a movable clock), a settlement and a pending withdrawal.
 * Everything goes through the same endpoints a real shop would call.
 */
import { products } from '../../examples/static-shop/src/catalog.mjs';

export interface DemoClock {
  /** Moves the server's clock to `at` (ms); `null` returns it to real time. */
  set(at: number | null): void;
}

export interface SeedOptions {
  api: string;
  operatorToken: string;
  shopOrigins: string[];
  clock: DemoClock;
  admin: { email: string; password: string };
  /** Deterministic data for a given seed. */
  seed?: number;
}

export interface DemoShop {
  shopId: string;
  publishableKey: string;
  secretKey: string;
  /** Distributors by code, with the shop user id their identity tokens carry. */
  distributors: { code: string; name: string; userId: string; parentCode: string | null }[];
}

const DAY = 86_400_000;

/** The tree: ALICE and HUA recruit; BOB (Alice's recruit) recruits CHEN; CHEN's sales pay BOB L1 and… CHEN L1, BOB L2. */
const TREE: { code: string; name: string; parentCode: string | null }[] = [
  { code: 'ALICE', name: 'Alice Wang', parentCode: null },
  { code: 'HUA', name: '李华', parentCode: null },
  { code: 'BOB', name: 'Bob Zhang', parentCode: 'ALICE' },
  { code: 'MEI', name: '陈美', parentCode: 'ALICE' },
  { code: 'JUN', name: 'Jun Liu', parentCode: 'HUA' },
  { code: 'CHEN', name: 'Chen Yu', parentCode: 'BOB' },
  { code: 'XIA', name: '夏雨', parentCode: 'HUA' },
  { code: 'TOM', name: 'Tom Li', parentCode: null },
];

/** A small seeded PRNG, so the demo looks the same every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function call<T>(api: string, method: string, path: string, auth: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Creates and fills the demo shop. */
export async function seedDemo(options: SeedOptions): Promise<DemoShop> {
  const { api, clock } = options;
  const random = mulberry32(options.seed ?? 2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

  const shop = await call<{ id: string; publishableKey: string; secretKey: string }>(api, 'POST', '/v1/shops', options.operatorToken, {
    name: 'Lanxi Tea',
    currency: 'CNY',
    allowedOrigins: options.shopOrigins,
  });
  const sk = shop.secretKey;
  await call(api, 'POST', '/v1/admin-users', options.operatorToken, { shopId: shop.id, ...options.admin });

  await call(api, 'PUT', '/v1/program', sk, {
    levels: 2,
    defaultRates: { level1Bps: 1000, level2Bps: 300 },
    grades: [
      { id: 'silver', name: 'Silver', level1Bps: 1200, level2Bps: 400, upgradeAtSales: 100_000 },
      { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500, upgradeAtSales: 500_000 },
    ],
    rules: [
      { id: 'teaware-lower', when: { category: ['teaware'] }, level1: { percentBps: 600 }, level2: { percentBps: 200 } },
      { id: 'sampler-fixed', when: { sku: ['GIFT-SAMPLER'] }, level1: { fixedPerUnit: 3000 }, level2: { fixedPerUnit: 800 } },
    ],
    attributionModel: 'last_click',
    attributionWindowDays: 30,
    binding: { mode: 'days', days: 90, on: 'order', allowSteal: false },
    selfPurchase: 'block',
    holdDays: 7,
    capBps: 3000,
    minWithdrawal: 5_000,
    joinPolicy: 'open',
  });

  const distributors: DemoShop['distributors'] = [];
  for (const d of TREE) {
    const userId = `user-${d.code.toLowerCase()}`;
    await call(api, 'POST', '/v1/distributors', sk, { name: d.name, code: d.code, externalId: userId, email: `${d.code.toLowerCase()}@lanxi-tea.example`, ...(d.parentCode ? { parentCode: d.parentCode } : {}) });
    distributors.push({ ...d, userId });
  }

  // Four weeks of traffic on the server's clock: clicks every day, orders most days.
  const now = Date.now();
  const origin = options.shopOrigins[0] ?? api;
  const regions = ['Zhejiang', 'Shanghai', 'Guangdong', 'Beijing', 'Fujian', 'Sichuan'];
  let orderNo = 1000;
  const placed: { id: string; at: number }[] = [];
  for (let day = 28; day >= 1; day--) {
    const dayStart = now - day * DAY;
    const clicks = 3 + Math.floor(random() * 8);
    for (let i = 0; i < clicks; i++) {
      clock.set(dayStart + Math.floor(random() * DAY * 0.9));
      const d = pick(TREE);
      await call(api, 'POST', '/v1/track/click', null, {
        key: shop.publishableKey,
        code: d.code,
        visitorId: `demo-visitor-${day}-${i}`,
        eventId: `demo-click-${day}-${i}`,
        url: `${origin}/products/${pick(products).slug}?ref=${d.code}`,
      }, { origin });
    }
    const orders = Math.floor(random() * 4);
    for (let i = 0; i < orders; i++) {
      const at = dayStart + Math.floor(random() * DAY * 0.9);
      clock.set(at);
      const lines = 1 + Math.floor(random() * 3);
      const items = Array.from({ length: lines }, () => {
        const p = pick(products);
        return { sku: p.sku, category: p.category, quantity: 1 + Math.floor(random() * 2), unitPrice: p.price };
      });
      const id = `LX-${++orderNo}`;
      const organic = random() < 0.2;
      await call(api, 'POST', '/v1/orders', sk, {
        id,
        currency: 'CNY',
        items: mergeItems(items),
        shipping: 1_000,
        region: pick(regions),
        customer: { id: `customer-${Math.floor(random() * 40)}` },
        ...(organic ? {} : { referralCode: pick(TREE).code }),
        placedAt: new Date(at).toISOString(),
      });
      placed.push({ id, at });
    }
  }

  // A couple of refunds: one partial by amount, one whole order by items.
  const refundable = placed.filter((o) => o.at < now - 10 * DAY);
  if (refundable[0]) {
    clock.set(refundable[0].at + DAY);
    await call(api, 'POST', `/v1/orders/${refundable[0].id}/refunds`, sk, { id: `${refundable[0].id}-R1`, amount: 5_000 });
  }
  clock.set(null);
  await call(api, 'POST', '/v1/settlements', sk, {});

  // Alice asks for part of what has become available.
  const alice = await call<{ data?: { id: string; code: string }[]; items?: { id: string; code: string }[] }>(api, 'GET', '/v1/distributors?q=ALICE', sk);
  const aliceId = (alice.data ?? alice.items ?? []).find((d) => d.code === 'ALICE')?.id;
  if (aliceId) {
    const balance = await call<{ available: number }>(api, 'GET', `/v1/distributors/${aliceId}/balance`, sk);
    if (balance.available >= 5_000) {
      await call(api, 'POST', '/v1/withdrawals', sk, { distributorId: aliceId, amount: Math.max(5_000, Math.floor(balance.available / 2)) });
    }
  }
  return { shopId: shop.id, publishableKey: shop.publishableKey, secretKey: sk, distributors };
}

/** One line per sku, as a shop's cart would send. */
function mergeItems<T extends { sku: string; quantity: number }>(items: T[]): T[] {
  const by = new Map<string, T>();
  for (const item of items) {
    const seen = by.get(item.sku);
    if (seen) seen.quantity += item.quantity;
    else by.set(item.sku, { ...item });
  }
  return [...by.values()];
}
