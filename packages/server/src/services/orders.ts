import { nextBinding } from '@twotier/core';
import type { OrderResult } from '@twotier/core/schema';
import type { Db, Executor } from '../db';
import type { ShopRecord } from '../context';
import { conflict } from '../http/errors';
import { requestHash } from '../util/crypto';
import { emitOrderCreated } from '../webhooks/domain-events';
import { shareEndpointReads } from '../webhooks/emit';
import { rollupOrder } from '../stats/rollups';
import { loadBindingsByKey, saveBinding } from './bindings';
import { GroupCommit } from './group-commit';
import { appendEntries } from './ledger';
import { loadOrderResult, toCommission, toOrder } from './order-view';
import { prepareOrder, type OrderInput, type PreparedOrder } from './order-prepare';
import { bumpTotals } from '../admin/distributor-totals';
import { requireAcceptedCurrency } from './currencies';

export type { OrderInput } from './order-prepare';

/** The answer to an order POST: 201 the first time, 200 for an identical replay. */
export interface OrderOutcome {
  status: 200 | 201;
  body: OrderResult;
}

/** An order to write: evaluated already (PostgreSQL), or to evaluate inside the batch (SQLite). */
type OrderJob = { prepared: PreparedOrder } | { shop: ShopRecord; input: OrderInput; hash: string; now: number };

/**
 * Records a verified order with its commissions, pending ledger entries and
 * the customer's binding, in one transaction. Idempotent on the shop's
 * order id: a replay returns the stored result (200); the same id with other
 * content is 409, and nothing is written.
 *
 * Orders are written with group commit (many orders per transaction, each
 * answered after its batch commits). On SQLite, whose single writer
 * serializes everything anyway, an order is also evaluated inside its batch;
 * on PostgreSQL it is evaluated beforehand, concurrently with others.
 *
 * An order in a currency the shop has not accepted is 422
 * `currency_mismatch` and writes nothing (every caller: the API, Stripe, the
 * commerce-platform connectors).
 */
export async function createOrder(db: Db, shop: ShopRecord, input: OrderInput, now: number): Promise<OrderOutcome> {
  requireAcceptedCurrency(shop, input.currency, `order ${input.id}`);
  const hash = requestHash(input);
  let job: OrderJob;
  if (db.dialect === 'postgres') {
    const replay = await findReplay(db.kysely, shop.id, input.id, hash);
    if (replay) return replay;
    job = { prepared: await prepareOrder(db.kysely, shop, input, hash, now) };
  } else {
    job = { shop, input, hash, now };
  }
  const outcome = await writerFor(db).add(job);
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

const writers = new WeakMap<Db, GroupCommit<OrderJob, OrderOutcome | Error>>();

/** One writer per database. A batch failing as a whole is retried one order per transaction, so one bad order never fails its neighbours. */
function writerFor(db: Db): GroupCommit<OrderJob, OrderOutcome | Error> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new GroupCommit<OrderJob, OrderOutcome | Error>({
      maxDelayMs: 2,
      maxRows: 200,
      write: async (batch) => {
        try {
          return await db.writeTx(async (tx) => {
            shareEndpointReads(tx);
            const results: (OrderOutcome | Error)[] = [];
            for (const job of batch) results.push(await runJob(tx, job));
            return results;
          });
        } catch {
          return Promise.all(batch.map((job) => db.writeTx((tx) => runJob(tx, job)).catch((error: unknown) => error as Error)));
        }
      },
    });
    writers.set(db, writer);
  }
  return writer;
}

/** Evaluates (when needed) and writes one order; input errors become that order's answer. */
async function runJob(tx: Executor, job: OrderJob): Promise<OrderOutcome | Error> {
  if ('prepared' in job) return writeOne(tx, job.prepared);
  let prepared: PreparedOrder;
  try {
    const replay = await findReplay(tx, job.shop.id, job.input.id, job.hash);
    if (replay) return replay;
    prepared = await prepareOrder(tx, job.shop, job.input, job.hash, job.now);
  } catch (error) {
    return error as Error;
  }
  return writeOne(tx, prepared);
}

/** Writes one order in the caller's transaction; a replay or a conflict is answered from what is stored. */
async function writeOne(tx: Executor, p: PreparedOrder): Promise<OrderOutcome | Error> {
  const { shop, order, commissions } = p;
  const inserted = await tx
    .insertInto('orders')
    .values(order)
    .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    // another request with this id committed first (PostgreSQL waited for it), or came earlier in this batch
    const existing = await tx.selectFrom('orders').selectAll().where('shop_id', '=', shop.id).where('id', '=', order.id).executeTakeFirstOrThrow();
    if (existing.request_hash !== p.hash) return replayConflict(order.id);
    return { status: 200, body: await loadOrderResult(tx, shop.id, existing) };
  }
  if (commissions.length > 0) await tx.insertInto('commissions').values(commissions).execute();
  // browser conversions reported for this order id are confirmed by it
  await tx.updateTable('conversions').set({ verified_at: p.now }).where('shop_id', '=', shop.id).where('order_id', '=', order.id).where('verified_at', 'is', null).execute();
  // the distributors table's money is in the default currency only: never added across currencies
  const inDefault = order.currency === shop.currency;
  await bumpTotals(tx, shop.id, [
    ...(order.distributor_id
      ? [{ distributorId: order.distributor_id, sales: inDefault ? Number(order.total_paid) - Number(order.refunded) : 0, orders: inDefault ? 1 : 0, lastActivityAt: Number(order.placed_at) }]
      : []),
    ...(inDefault ? commissions.map((c) => ({ distributorId: c.distributor_id, commissions: Number(c.amount) - Number(c.reversed) })) : []),
  ]);
  await appendEntries(
    tx,
    shop.id,
    commissions.map((c) => ({
      distributorId: c.distributor_id,
      bucket: 'pending' as const,
      kind: 'commission',
      amount: c.amount,
      currency: c.currency,
      commissionId: c.id,
      dedupeKey: `earn:${c.id}`,
    })),
    p.now,
  );
  if (p.bindings) {
    // every key's binding in one read: each key's update below touches only its own row
    const stored = await loadBindingsByKey(tx, shop.id, p.bindings.keys);
    for (const key of p.bindings.keys) {
      const current = stored.get(key) ?? null;
      const next = nextBinding({ current, code: p.bindings.code, at: new Date(p.bindings.at), trigger: 'order', program: shop.program });
      if (next && next !== current) {
        await saveBinding(tx, shop.id, key, next);
        stored.set(key, next);
      }
    }
  }
  await emitOrderCreated(tx, shop.id, order, commissions, p.now);
  await rollupOrder(tx, order, commissions, p.evaluation);
  return {
    status: 201,
    body: { order: toOrder(order), commissions: commissions.map(toCommission), notPaid: JSON.parse(order.not_paid) as OrderResult['notPaid'] },
  };
}

const replayConflict = (id: string) =>
  conflict('idempotency_conflict', `order ${id} was already recorded with different content; an order id can be used once`);

async function findReplay(db: Executor, shopId: string, id: string, hash: string): Promise<OrderOutcome | null> {
  const existing = await db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  if (!existing) return null;
  if (existing.request_hash !== hash) throw replayConflict(id);
  return { status: 200, body: await loadOrderResult(db, shopId, existing) };
}
