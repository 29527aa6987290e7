import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { nodeListener } from '../../src/http/click-lane';
import { OPERATOR, secret, uid, type TestShop } from '../harness';
import type { SuiteContext } from '../suite/context';

/** The app listening on 127.0.0.1 (the listener `twotier serve` uses), for platform deliveries over a real socket. */
export function useSocket(ctx: SuiteContext): { base: string } {
  const out = { base: '' };
  let server: Server;
  beforeAll(async () => {
    server = createServer(nodeListener(ctx.app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    out.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  return out;
}

/** The program of the hand-computed cases: level 1 at 10 %, level 2 at 5 %, no cap. */
export const PROGRAM = { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 14 };

/** A shop in `currency` with that program, and a distributor `l1` recruited by `l2`. */
export async function shopIn(ctx: SuiteContext, currency: string): Promise<{ shop: TestShop; l1: any; l2: any }> {
  const res = await ctx.app.request('/v1/shops', {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `Shop in ${currency}`, currency, allowedOrigins: ['https://shop.example'] }),
  });
  if (res.status !== 201) throw new Error(`shop create failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; publishableKey: string; secretKey: string };
  const shop = { id: body.id, pk: body.publishableKey, sk: body.secretKey };
  const put = await secret(ctx.app, shop, 'PUT', '/v1/program', PROGRAM);
  if (put.status !== 200) throw new Error(`program: ${JSON.stringify(put.body)}`);
  const l2 = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Li Na', code: uid('parent') })).body;
  const l1 = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Wang Fang', code: uid('child'), parentCode: l2.code })).body;
  return { shop, l1, l2 };
}

/** Level 1 and level 2 of an order: `[amount, reversed]` each. */
export async function levels(ctx: SuiteContext, shop: TestShop, orderId: string): Promise<{ order: any; l1: [number, number]; l2: [number, number] }> {
  const got = await secret(ctx.app, shop, 'GET', `/v1/orders/${encodeURIComponent(orderId)}`);
  if (got.status !== 200) throw new Error(`order ${orderId}: ${got.status} ${JSON.stringify(got.body)}`);
  const at = (level: number): [number, number] => {
    const c = got.body.commissions.find((x: any) => x.level === level);
    return c ? [c.amount, c.reversed] : [0, 0];
  };
  return { order: got.body.order, l1: at(1), l2: at(2) };
}

/** Rows a shop has in a table (for "nothing written"). */
export async function count(ctx: SuiteContext, table: 'orders' | 'refunds' | 'integration_events', shopId: string): Promise<number> {
  const rows = await (ctx.db.kysely as any).selectFrom(table).select('shop_id').where('shop_id', '=', shopId).execute();
  return rows.length;
}
