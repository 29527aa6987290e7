import { describe, expect, test } from 'vitest';
import { analytics } from '../src/admin/analytics';
import { overview } from '../src/admin/overview';
import { resolvePeriod } from '../src/admin/period';
import { pruneClicks } from '../src/stats/prune-clicks';
import { browser, secret, sqliteFactory, uid } from './harness';
import { orderBody, shopWithChain, useSuiteContext } from './suite/context';

const click = (pk: string, code: string) => ({ key: pk, code, visitorId: uid('visitor'), eventId: uid('event'), url: 'https://shop.example/tea' });

describe('clicks kept cheaply: dashboard click figures come from the daily rollups', () => {
  const ctx = useSuiteContext(sqliteFactory);

  test('analytics conversion and activity keep their click counts after the raw clicks are pruned', async () => {
    const { shop, l1, l2 } = await shopWithChain(ctx);
    const day = new Date(ctx.clock.ms).toISOString().slice(0, 10);
    for (const code of [l1.code, l1.code, l1.code, l2.code]) expect((await browser(ctx.app, 'POST', '/v1/track/click', click(shop.pk, code))).status).toBe(202);
    expect((await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }))).status).toBe(201);
    const shopRow = { id: shop.id, currency: 'CNY' };
    const period = resolvePeriod({ from: day, to: day }, ctx.clock.ms);
    const before = await analytics(ctx.db.kysely, shopRow, period, ctx.clock.ms);
    expect(before.conversion).toEqual([expect.objectContaining({ distributorId: l1.id, clicks: 3, orders: 1 })]);
    expect(before.activity.active).toBe(2);

    const patched = await secret(ctx.app, shop, 'PATCH', '/v1/settings', { clickRetentionDays: 30 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const later = ctx.clock.ms + 31 * 86_400_000;
    expect(await pruneClicks(ctx.db, later)).toBe(4);
    expect(await ctx.db.kysely.selectFrom('touches').select('event_id').where('shop_id', '=', shop.id).execute()).toEqual([]);

    const after = await analytics(ctx.db.kysely, shopRow, period, ctx.clock.ms);
    expect(after.conversion).toEqual(before.conversion);
    expect(after.activity).toEqual(before.activity);
  });

  test('the overview counts clicks of days whose raw clicks were pruned before it was first computed', async () => {
    const { shop, l1 } = await shopWithChain(ctx);
    const day = new Date(ctx.clock.ms).toISOString().slice(0, 10);
    for (let i = 0; i < 3; i++) expect((await browser(ctx.app, 'POST', '/v1/track/click', click(shop.pk, l1.code))).status).toBe(202);
    expect((await secret(ctx.app, shop, 'PATCH', '/v1/settings', { clickRetentionDays: 30 })).status).toBe(200);
    const later = ctx.clock.ms + 31 * 86_400_000;
    expect(await pruneClicks(ctx.db, later)).toBeGreaterThanOrEqual(3);
    const o = await overview(ctx.db.kysely, { id: shop.id, currency: 'CNY' }, resolvePeriod({ from: day, to: day }, later));
    expect(o.kpis.clicks.value).toBe(3);
    expect(o.series).toEqual([expect.objectContaining({ date: day, clicks: 3 })]);
  });

  test('pruning keeps the clicks of a shop without retention and the clicks inside the retention', async () => {
    const kept = await shopWithChain(ctx);
    const pruned = await shopWithChain(ctx);
    for (const s of [kept, pruned]) await browser(ctx.app, 'POST', '/v1/track/click', click(s.shop.pk, s.l1.code));
    await secret(ctx.app, pruned.shop, 'PATCH', '/v1/settings', { clickRetentionDays: 30 });
    const count = async (shopId: string) => (await ctx.db.kysely.selectFrom('touches').select('event_id').where('shop_id', '=', shopId).execute()).length;
    expect(await pruneClicks(ctx.db, ctx.clock.ms + 29 * 86_400_000)).toBe(0);
    expect(await pruneClicks(ctx.db, ctx.clock.ms + 31 * 86_400_000)).toBe(1);
    expect([await count(kept.shop.id), await count(pruned.shop.id)]).toEqual([1, 0]);
  });
});
