import { createRequire } from 'node:module';

/** The part of the `pg` driver used here (the server package's dependency; the root has none). */
interface PgClient {
  connect(): Promise<void>;
  query(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
const pg = createRequire(new URL('../../packages/server/package.json', import.meta.url))('pg') as { Client: new (o: { connectionString: string }) => PgClient };
import type { Tally } from './traffic';

/** The final check of a phase: every acknowledged write is stored once, and nothing else was created. */
export interface WriteCheck {
  clicks: { acknowledged: number; stored: number; missing: number };
  orders: { acknowledged: number; stored: number; missing: number };
  refunds: { acknowledged: number; stored: number; missing: number };
  /** Orders with more commissions than levels, or refunds applied twice. */
  doubled: number;
  ok: boolean;
}

/**
 * Reads the shop's rows straight from PostgreSQL. Every write the client
 * sent was retried until acknowledged, so the rows stored must be exactly
 * the acknowledged ids: a missing one is a lost write, an extra one a write
 * created twice or behind the client's back.
 */
export async function verifyWrites(url: string, shopId: string, tally: Tally): Promise<WriteCheck> {
  // a plain client: reading must not run migrations
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ids = async (table: string, column: string) =>
      new Set((await client.query(`select ${column} as id from ${table} where shop_id = $1`, [shopId])).rows.map((r) => String(r.id)));
    const part = (acked: Set<string>, stored: Set<string>) => ({
      acknowledged: acked.size,
      stored: stored.size,
      missing: [...acked].filter((id) => !stored.has(id)).length,
    });
    const clicks = part(tally.ackedClicks, await ids('touches', 'event_id'));
    const orders = part(tally.ackedOrders, await ids('orders', 'id'));
    const refunds = part(tally.ackedRefunds, await ids('refunds', 'id'));
    const overLimit = async (table: string, max: number) =>
      (await client.query(`select order_id from ${table} where shop_id = $1 group by order_id having count(*) > $2`, [shopId, max])).rows;
    // two levels: at most two commissions per order; each order is refunded once by the client
    const doubled = (await overLimit('commissions', 2)).length + (await overLimit('refunds', 1)).length;
    const exact = (p: { acknowledged: number; stored: number; missing: number }) => p.missing === 0 && p.stored === p.acknowledged;
    return { clicks, orders, refunds, doubled, ok: exact(clicks) && exact(orders) && exact(refunds) && doubled === 0 && tally.gaveUp === 0 };
  } finally {
    await client.end();
  }
}
