import { afterAll, beforeAll } from 'vitest';
import type { TwotierApp } from '../../src/app';
import type { Db } from '../../src/db';
import { Clock, createTestShop, makeApp, secret, uid, type DbFactory, type TestShop } from '../harness';

/** What every part of the API suite shares: one database, one app, one clock. */
export interface SuiteContext {
  db: Db;
  app: TwotierApp;
  clock: Clock;
  factory: DbFactory;
}

/** Opens the database before the suite and removes it after. */
export function useSuiteContext(makeFactory: () => DbFactory): SuiteContext {
  const ctx = {} as SuiteContext;
  beforeAll(async () => {
    ctx.factory = makeFactory();
    ctx.db = await ctx.factory.open();
    ctx.clock = new Clock();
    ctx.app = makeApp(ctx.db, ctx.clock);
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.db?.close();
    await ctx.factory?.cleanup();
  });
  return ctx;
}

/** A shop with a distributor `l1` recruited by `l2` (codes unique per call). */
export async function shopWithChain(ctx: SuiteContext, program?: object): Promise<{ shop: TestShop; l1: any; l2: any }> {
  const shop = await createTestShop(ctx.app, program);
  const l2 = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Li Na', code: uid('parent') })).body;
  const l1 = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Wang Fang', code: uid('child'), parentCode: l2.code })).body;
  return { shop, l1, l2 };
}

/** An order body: `quantity` × 10000 minor units of tea. */
export const orderBody = (id: string, extra: object = {}, quantity = 1) => ({
  id,
  currency: 'CNY',
  items: [{ sku: 'tea-longjing', category: 'tea', quantity, unitPrice: 10_000 }],
  ...extra,
});
