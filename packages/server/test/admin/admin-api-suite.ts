import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TwotierApp } from '../../src/app';
import type { Db } from '../../src/db';
import { Clock, createTestShop, makeApp, OPERATOR, secret, uid, type DbFactory, type TestShop } from '../harness';

/** Signs in over the API and returns the cookie header and CSRF token. */
export async function signIn(app: TwotierApp, email: string, password: string, shopId?: string): Promise<{ cookie: string; csrf: string; status: number }> {
  const res = await app.request('/v1/admin/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, ...(shopId ? { shopId } : {}) }),
  });
  const cookies = res.headers.getSetCookie();
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  const body = (await res.json()) as { csrfToken?: string };
  return { cookie, csrf: body.csrfToken ?? '', status: res.status };
}

/** Admin auth and reports against one database kind. */
export function adminApiSuite(factory: () => DbFactory): void {
  const f = factory();
  let db: Db;
  let app: TwotierApp;
  let shop: TestShop;
  const clock = new Clock();
  const email = 'owner@lanxi.example';
  const password = 'correct horse battery';

  beforeAll(async () => {
    db = await f.open();
    // sign-in attempts per email: 5 per 15 minutes here (the default is 20), so the tests below run few scrypts
    app = makeApp(db, clock, { rateLimits: { adminSignInPerAccount: { limit: 5, windowMs: 15 * 60_000 } } });
    shop = await createTestShop(app);
    const res = await app.request('/v1/admin-users', {
      method: 'POST',
      headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shopId: shop.id, email, password }),
    });
    expect(res.status).toBe(201);
    const a = await secret(app, shop, 'POST', '/v1/distributors', { name: 'Ann', code: 'ANN' });
    const b = await secret(app, shop, 'POST', '/v1/distributors', { name: 'Bo', code: 'BO', parentCode: 'ANN' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const o = await secret(app, shop, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: 'BO', region: 'ZJ', items: [{ sku: 'TEA', quantity: 1, unitPrice: 10_000 }] });
      expect(o.status).toBe(201);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
    await f.cleanup();
  });

  it('refuses a short password and a duplicate admin', async () => {
    const post = (body: object) => app.request('/v1/admin-users', { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ shopId: shop.id, email: 'x@y.example', password: 'short' })).status).toBe(422);
    expect((await post({ shopId: shop.id, email, password })).status).toBe(409);
    const stored = await db.kysely.selectFrom('admin_users' as never).selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(password);
    expect(JSON.stringify(stored)).toMatch(/scrypt\$32768\$8\$1\$/);
  });

  it('signs in with HttpOnly SameSite=Strict cookies and acts as the shop on secret-key endpoints', async () => {
    const res = await app.request('/v1/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect(res.status).toBe(201);
    const set = res.headers.getSetCookie();
    expect(set.find((c) => c.startsWith('twotier_admin='))).toMatch(/HttpOnly/);
    expect(set.find((c) => c.startsWith('twotier_admin='))).toMatch(/SameSite=Strict/);
    const { cookie, csrf } = await signIn(app, email, password);
    const program = await app.request('/v1/program', { headers: { cookie } });
    expect(program.status).toBe(200);
    const draft = { ...(await program.json()), holdDays: 7 };
    const put = (headers: Record<string, string>) => app.request('/v1/program', { method: 'PUT', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(draft) });
    expect((await put({})).status).toBe(403);
    expect((await put({ 'x-csrf-token': csrf, origin: 'https://evil.example' })).status).toBe(403);
    expect((await put({ 'x-csrf-token': csrf })).status).toBe(200);
    expect((await secret(app, shop, 'GET', '/v1/program')).body.holdDays).toBe(7);
    const bad = await app.request('/v1/program', { method: 'PUT', headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify({ ...draft, levels: 3 }) });
    expect(bad.status).toBe(422);
  });

  it('refuses every attempt after 5 the same way, the right password too, until the window ends', async () => {
    const lockEmail = 'locked@lanxi.example';
    await app.request('/v1/admin-users', { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ shopId: shop.id, email: lockEmail, password }) });
    for (let i = 0; i < 5; i++) expect((await signIn(app, lockEmail, 'wrong password!')).status).toBe(401);
    const attempt = async (email: string, pw: string) => {
      const res = await app.request('/v1/admin/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: pw }) });
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
    };
    const right = await attempt(lockEmail, password);
    expect(right.status).toBe(429);
    expect(Number(right.retryAfter)).toBe(15 * 60);
    expect(JSON.parse(right.body)).toEqual({ error: { code: 'rate_limited', message: 'too many sign-in attempts: try again in 900 s', details: { retryAfter: 900 } } });
    expect(await attempt(lockEmail, 'wrong password!')).toEqual(right);
    // an email that is nobody's, after as many attempts, answers the same
    for (let i = 0; i < 5; i++) expect((await attempt('nobody@lanxi.example', 'wrong password!')).status).toBe(401);
    expect(await attempt('nobody@lanxi.example', password)).toEqual(right);
    clock.ms += 15 * 60_000 + 1;
    expect((await signIn(app, lockEmail, password)).status).toBe(201);
  });

  it('counts each of 12 concurrent wrong passwords before checking it: 5 are checked, 7 refused, and the account ends refused', async () => {
    const lockEmail = 'burst@lanxi.example';
    await app.request('/v1/admin-users', { method: 'POST', headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' }, body: JSON.stringify({ shopId: shop.id, email: lockEmail, password }) });
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(app, lockEmail, `wrong password ${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    expect((await signIn(app, lockEmail, password)).status).toBe(429);
    clock.ms += 15 * 60_000 + 1;
    expect((await signIn(app, lockEmail, password)).status).toBe(201);
  });

  it('answers the reports with the same numbers as the API, also to the secret key', async () => {
    const overview = await secret(app, shop, 'GET', '/v1/admin/reports/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.kpis.orders.value).toBe(3);
    expect(overview.body.kpis.attributedRevenue.value).toBe(30_000);
    expect(overview.body.kpis.commissionsPending.value).toBe(3 * (1000 + 500));
    expect(overview.body.series).toHaveLength(30);
    const table = await secret(app, shop, 'GET', '/v1/admin/reports/distributors?sort=code');
    expect(table.body.total).toBe(2);
    const bo = table.body.data.find((d: { code: string }) => d.code === 'BO');
    expect(bo).toMatchObject({ parentCode: 'ANN', sales: 30_000, orders: 3, commissions: 3000 });
    expect(table.body.data.find((d: { code: string }) => d.code === 'ANN')).toMatchObject({ recruits: 1, commissions: 1500 });
    const tree = await secret(app, shop, 'GET', `/v1/admin/reports/distributors/${bo.id}/tree`);
    expect(tree.body.parent.code).toBe('ANN');
    expect(tree.body.recruits.data).toHaveLength(0);
    const analytics = await secret(app, shop, 'GET', '/v1/admin/reports/analytics');
    expect(analytics.body.topProducts[0]).toMatchObject({ sku: 'TEA', orders: 3, sales: 30_000 });
    expect(analytics.body.topRegions[0]).toMatchObject({ region: 'CN-ZJ', orders: 3 });
    const compliance = await secret(app, shop, 'GET', '/v1/admin/reports/compliance');
    expect(compliance.body).toMatchObject({ levels: 2, deepestLevelPaid: 2, joinFee: 0, recruitmentRewards: 0 });
    expect(compliance.body.byLevel).toEqual([
      { level: 1, earned: 3000, reversed: 0, net: 3000, available: 0, pending: 3000 },
      { level: 2, earned: 1500, reversed: 0, net: 1500, available: 0, pending: 1500 },
    ]);
    const csv = await secret(app, shop, 'GET', '/v1/admin/reports/compliance.csv');
    expect(String(csv.body).trim().split('\r\n')).toHaveLength(1 + 6);
  });

  it('keeps the overview right after a late order and a refund (the rollups kept by the writes)', async () => {
    const before = (await secret(app, shop, 'GET', '/v1/admin/reports/overview')).body;
    const late = uid('late');
    const placedAt = new Date(clock.ms - 10 * 86_400_000).toISOString();
    expect((await secret(app, shop, 'POST', '/v1/orders', { id: late, currency: 'CNY', referralCode: 'BO', placedAt, items: [{ sku: 'TEA', quantity: 2, unitPrice: 5_000 }] })).status).toBe(201);
    expect((await secret(app, shop, 'POST', `/v1/orders/${late}/refunds`, { id: uid('rf'), amount: 2_500 })).status).toBe(201);
    const after = (await secret(app, shop, 'GET', '/v1/admin/reports/overview')).body;
    expect(after.kpis.orders.value).toBe(before.kpis.orders.value + 1);
    expect(after.kpis.attributedRevenue.value).toBe(before.kpis.attributedRevenue.value + 10_000 - 2_500);
    const day = after.series.find((d: { date: string }) => d.date === placedAt.slice(0, 10));
    expect(day).toMatchObject({ orders: 1, attributedRevenue: 7_500 });
    // L1 1000 + L2 500 earned, a quarter reversed
    expect(after.kpis.commissionsPending.value).toBe(before.kpis.commissionsPending.value + 1500 - 375);
    const again = (await secret(app, shop, 'GET', '/v1/admin/reports/overview')).body;
    expect(again).toEqual(after);
  });

  it('shows commissions pending until settlement moves them, as the balances do, and payouts on the day they are paid', async () => {
    const own = await createTestShop(app, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 1 });
    const l2 = (await secret(app, own, 'POST', '/v1/distributors', { name: 'Li', code: 'LI' })).body;
    const l1 = (await secret(app, own, 'POST', '/v1/distributors', { name: 'Wu', code: 'WU', parentCode: 'LI' })).body;
    expect((await secret(app, own, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: 'WU', items: [{ sku: 'TEA', quantity: 1, unitPrice: 10_000 }] })).status).toBe(201);
    const figures = async () => {
      const [o, c] = await Promise.all([secret(app, own, 'GET', '/v1/admin/reports/overview'), secret(app, own, 'GET', '/v1/admin/reports/compliance')]);
      const k = o.body.kpis;
      return { pending: k.commissionsPending.value, available: k.commissionsAvailable.value, paid: k.commissionsPaid.value, byLevel: c.body.byLevel.map((l: { pending: number; available: number }) => [l.pending, l.available]), paidOut: c.body.paidOut };
    };
    expect(await figures()).toEqual({ pending: 1500, available: 0, paid: 0, byLevel: [[1000, 0], [500, 0]], paidOut: 0 });
    // the hold has ended, settlement has not run: still pending, as in the balance
    clock.ms += 2 * 86_400_000;
    expect(await figures()).toEqual({ pending: 1500, available: 0, paid: 0, byLevel: [[1000, 0], [500, 0]], paidOut: 0 });
    expect((await secret(app, own, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ pending: 1000, available: 0 });
    expect((await secret(app, own, 'POST', '/v1/settlements')).body).toEqual({ settled: 2, amount: 1500 });
    expect(await figures()).toEqual({ pending: 0, available: 1500, paid: 0, byLevel: [[0, 1000], [0, 500]], paidOut: 0 });
    const w = (await secret(app, own, 'POST', '/v1/withdrawals', { distributorId: l2.id, amount: 400 })).body;
    expect((await secret(app, own, 'POST', `/v1/withdrawals/${w.id}/approve`)).status).toBe(200);
    expect(await figures()).toMatchObject({ paid: 0, paidOut: 0 });
    expect((await secret(app, own, 'POST', `/v1/withdrawals/${w.id}/paid`, { reference: 'BANK-1' })).status).toBe(200);
    // paid out, and still counted as available commissions: a payout spends the balance, not the commissions earned
    expect(await figures()).toEqual({ pending: 0, available: 1500, paid: 400, byLevel: [[0, 1000], [0, 500]], paidOut: 400 });
  });

  it('rotates the secret key (old one refused at once) and edits allowed origins', async () => {
    const patched = await secret(app, shop, 'PATCH', '/v1/shop', { allowedOrigins: ['https://shop.example', 'https://m.shop.example'] });
    expect(patched.status).toBe(200);
    expect(patched.body.allowedOrigins).toEqual(['https://shop.example', 'https://m.shop.example']);
    expect((await secret(app, shop, 'PATCH', '/v1/shop', { allowedOrigins: ['https://shop.example/path'] })).status).toBe(422);
    const rotated = await secret(app, shop, 'POST', '/v1/shop/secret-key');
    expect(rotated.status).toBe(201);
    const old = shop.sk;
    shop.sk = rotated.body.secretKey;
    expect((await secret(app, { ...shop, sk: old }, 'GET', '/v1/program')).status).toBe(401);
    expect((await secret(app, shop, 'GET', '/v1/program')).status).toBe(200);
  });

  it('simulates a draft program without changing anything', async () => {
    const current = (await secret(app, shop, 'GET', '/v1/program')).body;
    const draft = { ...current, defaultRates: { level1Bps: 2000, level2Bps: 500 } };
    const sim = await secret(app, shop, 'POST', '/v1/program/simulate', { program: draft, days: 30 });
    expect(sim.status).toBe(200);
    expect(sim.body.orders).toBe(4);
    expect(sim.body.levels[0]).toMatchObject({ level: 1, actual: 4000, wouldBe: 8000, delta: 4000 });
    expect(sim.body.levels[1]).toMatchObject({ level: 2, actual: 2000, wouldBe: 2000, delta: 0 });
    expect(sim.body.distributors[0]).toMatchObject({ code: 'BO', delta: 4000 });
    const three = await secret(app, shop, 'POST', '/v1/program/simulate', { program: { ...draft, levels: 3 }, days: 30 });
    expect(three.status).toBe(422);
    // the program schema's refusals, the same answer PUT /v1/program gives
    const put = await secret(app, shop, 'PUT', '/v1/program', { ...draft, levels: 3 });
    expect(three.body).toEqual(put.body);
    expect(three.body.error).toEqual({ code: 'too_many_levels', message: 'levels must be 1 or 2, not 3: twotier never pays a third level (deeper chains can be judged pyramid selling)' });
    const typo = { ...draft, rules: [{ id: 'gold-tea', when: { grade: ['glod'] }, level1: { percentBps: 1500 } }] };
    const unknown = await secret(app, shop, 'POST', '/v1/program/simulate', { program: typo, days: 30 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toEqual({ code: 'unknown_grade', message: 'rule "gold-tea" names grade "glod", which the program does not define' });
    expect((await secret(app, shop, 'PUT', '/v1/program', typo)).body).toEqual(unknown.body);
    expect((await secret(app, shop, 'GET', '/v1/program')).body.defaultRates.level1Bps).toBe(1000);
    // the edit alone, apart from what changed since: here nothing did
    expect(sim.body.levels[0]).toMatchObject({ baseline: 4000, edit: 4000, drift: 0 });
  });

  it('shows no change for the saved program unedited, and a grade given since apart from the edit', async () => {
    const current = (await secret(app, shop, 'GET', '/v1/program')).body;
    const same = await secret(app, shop, 'POST', '/v1/program/simulate', { program: current, days: 30 });
    expect(same.body.total).toMatchObject({ edit: 0, drift: 0, delta: 0 });
    // a grade paying more, given to a distributor after their sales: drift, not the edit
    const graded = { ...current, grades: [{ id: 'star', name: 'Star', level1Bps: 3000, level2Bps: 500 }] };
    expect((await secret(app, shop, 'PUT', '/v1/program', graded)).status).toBe(200);
    const bo = (await secret(app, shop, 'GET', '/v1/distributors?q=BO')).body.data.find((d: { code: string }) => d.code === 'BO');
    expect((await secret(app, shop, 'PATCH', `/v1/distributors/${bo.id}`, { grade: 'star' })).status).toBe(200);
    const after = await secret(app, shop, 'POST', '/v1/program/simulate', { program: graded, days: 30 });
    expect(after.body.total.edit).toBe(0);
    expect(after.body.total.drift).toBeGreaterThan(0);
    expect(after.body.total.delta).toBe(after.body.total.drift);
    expect((await secret(app, shop, 'PATCH', `/v1/distributors/${bo.id}`, { grade: null })).status).toBe(200);
    expect((await secret(app, shop, 'PUT', '/v1/program', current)).status).toBe(200);
  });

  it('replays a customer as returning when any of the order\'s customer keys ordered before, as when the order came in', async () => {
    const program = { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, rules: [{ id: 'again', when: { customer: 'returning' }, level1: { percentBps: 300 } }] };
    const own = await createTestShop(app, program);
    expect((await secret(app, own, 'POST', '/v1/distributors', { name: 'Kai', code: 'KAI' })).status).toBe(201);
    const visitorId = uid('v');
    const at = (hoursAgo: number) => new Date(clock.ms - hoursAgo * 3_600_000).toISOString();
    const items = [{ sku: 'tea', quantity: 1, unitPrice: 10_000 }];
    const first = await secret(app, own, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: 'KAI', visitorId, placedAt: at(2), items });
    // the same visitor, now with an email: the order is stored under the email, and is a returning customer's by the visitor
    const second = await secret(app, own, 'POST', '/v1/orders', { id: uid('o'), currency: 'CNY', referralCode: 'KAI', visitorId, customer: { email: 'kai.buyer@lanxi.example' }, placedAt: at(1), items });
    expect(first.body.commissions.find((c: any) => c.level === 1).amount).toBe(1000);
    expect(second.body.commissions.find((c: any) => c.level === 1).amount).toBe(300);
    const saved = (await secret(app, own, 'GET', '/v1/program')).body;
    const sim = await secret(app, own, 'POST', '/v1/program/simulate', { program: saved, days: 30 });
    expect(sim.body.levels[0]).toMatchObject({ actual: 1300, baseline: 1300, wouldBe: 1300, drift: 0, edit: 0 });
  });

  it('lists an order with who earned, the explanation lines and why a level was not paid, and finds it by id', async () => {
    const id = uid('o');
    expect((await secret(app, shop, 'POST', '/v1/orders', { id, currency: 'CNY', items: [{ sku: 'TEA', quantity: 1, unitPrice: 10_000 }] })).status).toBe(201);
    const found = await secret(app, shop, 'GET', `/v1/admin/reports/orders?q=${encodeURIComponent(id)}`);
    expect(found.body.data.map((o: { id: string }) => o.id)).toEqual([id]);
    expect(found.body.data[0].notPaid).toEqual([expect.objectContaining({ level: 1 }), expect.objectContaining({ level: 2 })]);
    // LIKE wildcards typed into the search are taken literally
    expect((await secret(app, shop, 'GET', '/v1/admin/reports/orders?q=%25')).body.data).toEqual([]);
    const attributed = await secret(app, shop, 'GET', '/v1/admin/reports/orders?status=attributed&limit=1');
    const l1 = attributed.body.data[0].commissions.find((c: { level: number }) => c.level === 1);
    expect(l1).toMatchObject({ distributorCode: 'BO', distributorName: 'Bo', explanation: { lines: [expect.objectContaining({ sku: 'TEA', source: { kind: 'default' } })] } });
  });
}
