import { customerStatus, nextBinding, type Binding } from '@twotier/core';
import { sql } from 'kysely';
import type { OrderResult } from '@twotier/core/schema';
import type { CommissionTable, Db, Executor, OrderTable } from '../db';
import { rowsStatement } from '../db/rows-statement';
import type { ShopRecord } from '../context';
import { conflict } from '../domain/errors';
import { requestHash } from '../util/crypto';
import { orderCreatedEvents } from '../webhooks/domain-events';
import { emitEventGroups, shareEndpointReads } from '../webhooks/emit';
import { loadAttributionInputsMany } from './attribution-inputs';
import { customerKeys, saveBindings } from './bindings';
import { GroupCommit } from './group-commit';
import { appendEntries } from './ledger';
import { loadOrderResult, toCommission, toOrder } from './order-view';
import { orderPlacedAt, prepareOrder, type OrderInput, type PreparedOrder } from './order-prepare';
import { applyEvents } from '../read-models';
import { upgradeAfterOrder } from '../bonuses/upgrade-after-order';
import { requireAcceptedCurrency } from './currencies';

export type { OrderInput } from './order-prepare';

/** The answer to an order POST: 201 the first time, 200 for an identical replay. */
export interface OrderOutcome {
  status: 200 | 201;
  body: OrderResult;
}

/** An order to evaluate and write inside a batch. */
interface OrderJob {
  shop: ShopRecord;
  input: OrderInput;
  hash: string;
  now: number;
}

/**
 * Records a verified order with its commissions, pending ledger entries and
 * the customer's binding, in one transaction. Idempotent on the shop's
 * order id: a replay returns the stored result (200); the same id with other
 * content is 409, and nothing is written.
 *
 * Orders are written with group commit: many orders per transaction, each
 * answered after its batch commits. A batch is evaluated inside its
 * transaction, each order seeing the orders before it (a binding they made, a
 * customer they made returning), and written with one statement per table
 * (writeBatch), so on PostgreSQL a batch costs a dozen round trips, not a
 * dozen per order.
 *
 * An order in a currency the shop has not accepted is 422
 * `currency_mismatch` and writes nothing (every caller: the API, Stripe, the
 * commerce-platform connectors). A new attributed order then moves its
 * distributor up a grade when their sales now reach it (upgradeAfterOrder),
 * for every caller too.
 */
export async function createOrder(db: Db, shop: ShopRecord, input: OrderInput, now: number): Promise<OrderOutcome> {
  requireAcceptedCurrency(shop, input.currency, `order ${input.id}`);
  const outcome = await writerFor(db).add({ shop, input, hash: requestHash(input), now });
  if (outcome instanceof Error) throw outcome;
  // the grade it may bring at once, whoever sent the order (the API, Stripe, the platform connectors)
  if (outcome.status === 201) await upgradeAfterOrder(db, shop, outcome.body.order.attribution?.distributorId, orderPlacedAt(input, now));
  return outcome;
}

const writers = new WeakMap<Db, GroupCommit<OrderJob, OrderOutcome | Error>>();

/**
 * One writer per database. A batch failing as a whole is retried one order
 * per transaction, so one bad order never fails its neighbours. A batch is
 * answered once it is on disk; the next one is written meanwhile.
 */
function writerFor(db: Db): GroupCommit<OrderJob, OrderOutcome | Error> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new GroupCommit<OrderJob, OrderOutcome | Error>({
      maxDelayMs: 2,
      maxRows: 200,
      write: async (batch) => {
        try {
          // answered once on disk; the next batch is written while this one is synced
          const { result, durable } = await db.writeTxCommitted((tx) => writeBatch(tx, batch));
          return { results: result, durable };
        } catch {
          return Promise.all(batch.map((job) => db.writeTx((tx) => writeBatch(tx, [job])).then((r) => r[0]!, (error: unknown) => error as Error)));
        }
      },
    });
    writers.set(db, writer);
  }
  return writer;
}

/** Another process stored one of the batch's orders while the batch was evaluated: the batch is written again one order at a time. */
class OrderRaced extends Error {}

/** A new order of the batch, evaluated. */
interface Fresh {
  at: number;
  prepared: PreparedOrder;
}

/**
 * Evaluates and writes a batch of orders in the caller's transaction. Reads:
 * the stored orders with the batch's ids, then each shop's attribution
 * inputs for all its orders at once. Each order is evaluated in turn with
 * what the orders before it changed (bindings, returning customers, an id
 * already used). Writes: one statement per table for the whole batch, hot
 * rows (totals, bindings, rollups) in a fixed order. Replays are answered
 * from what is stored; input errors are that order's answer.
 */
async function writeBatch(tx: Executor, jobs: OrderJob[]): Promise<(OrderOutcome | Error)[]> {
  shareEndpointReads(tx);
  const results: (OrderOutcome | Error | undefined)[] = new Array(jobs.length);
  const fresh: Fresh[] = [];
  /** Orders repeated later in the batch: answered once the first is written. */
  const repeats: { at: number; first: Fresh }[] = [];
  const byShop = new Map<string, number[]>();
  jobs.forEach((job, i) => {
    const list = byShop.get(job.shop.id);
    if (list) list.push(i);
    else byShop.set(job.shop.id, [i]);
  });
  for (const [shopId, indexes] of byShop) {
    const shop = jobs[indexes[0]!]!.shop;
    const stored = new Map<string, OrderTable>();
    const ids = [...new Set(indexes.map((i) => jobs[i]!.input.id))];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await tx.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', 'in', ids.slice(i, i + 500)).execute();
      for (const r of rows) stored.set(r.id, r);
    }
    const todo = indexes.filter((i) => !stored.has(jobs[i]!.input.id));
    const queries = todo.map((i) => {
      const { input, now } = jobs[i]!;
      return { order: input, keys: customerKeys(input.customer, input.visitorId), placedAt: orderPlacedAt(input, now) };
    });
    const { inputs, bindings } = queries.length > 0 ? await loadAttributionInputsMany(tx, shop, queries) : { inputs: [], bindings: new Map<string, Binding>() };
    const changed = new Map<string, Binding>();
    /** The first order placed per customer key by the batch's orders so far. */
    const firstAt = new Map<string, number>();
    const written = new Map<string, Fresh>();
    for (const i of indexes) {
      const job = jobs[i]!;
      const before = stored.get(job.input.id);
      if (before) {
        results[i] = before.request_hash === job.hash ? { status: 200, body: await loadOrderResult(tx, shopId, before) } : replayConflict(job.input.id);
        continue;
      }
      const first = written.get(job.input.id);
      if (first) {
        repeats.push({ at: i, first });
        continue;
      }
      const k = todo.indexOf(i);
      const q = queries[k]!;
      const bound = q.keys.find((key) => bindings.has(key));
      const read = inputs[k]!;
      let prepared: PreparedOrder;
      try {
        prepared = await prepareOrder(tx, job.shop, job.input, job.hash, job.now, {
          ...read,
          binding: bound === undefined ? null : bindings.get(bound)!,
          // an earlier order of this batch makes its customer returning too
          customer: read.customer === 'returning' ? 'returning' : customerStatus(q.placedAt, q.keys.map((key) => firstAt.get(key))),
        });
      } catch (error) {
        results[i] = error as Error;
        continue;
      }
      const f = { at: i, prepared };
      fresh.push(f);
      written.set(job.input.id, f);
      const key = prepared.order.customer_key;
      if (key !== null) firstAt.set(key, Math.min(firstAt.get(key) ?? Infinity, Number(prepared.order.placed_at)));
      const b = prepared.bindings;
      if (b) {
        for (const key of b.keys) {
          const current = bindings.get(key) ?? null;
          const next = nextBinding({ current, code: b.code, at: new Date(b.at), trigger: 'order', program: shop.program });
          if (next && next !== current) {
            bindings.set(key, next);
            changed.set(key, next);
          }
        }
      }
    }
    if (changed.size > 0) await saveBindings(tx, shopId, changed);
  }
  if (fresh.length > 0) await writeOrders(tx, fresh, jobs.length, results);
  for (const r of repeats) {
    const job = jobs[r.at]!;
    const first = results[r.first.at];
    results[r.at] = job.hash !== r.first.prepared.hash ? replayConflict(job.input.id) : first instanceof Error || !first ? first : { status: 200, body: first.body };
  }
  return results.map((r) => r ?? new Error('order left unanswered'));
}

/** New orders; an id stored meanwhile is left as it is (`returning` says which were new). */
const insertOrders = rowsStatement((qb, rows: OrderTable[]) => qb.insertInto('orders').values(rows).onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing()).returning(['shop_id', 'id']));

const insertCommissions = rowsStatement((qb, rows: CommissionTable[]) => qb.insertInto('commissions').values(rows));

/** Writes the batch's new orders and everything they change, one statement per table (per 500 rows); answers them. */
async function writeOrders(tx: Executor, fresh: Fresh[], batchSize: number, results: (OrderOutcome | Error | undefined)[]): Promise<void> {
  const inserted = new Set<string>();
  for (let i = 0; i < fresh.length; i += 200) {
    const { rows } = await tx.executeQuery(insertOrders(tx, fresh.slice(i, i + 200).map((f) => f.prepared.order)));
    for (const r of rows) inserted.add(`${r.shop_id}\u0000${r.id}`);
  }
  if (inserted.size < fresh.length) {
    // another process stored one of these ids first (PostgreSQL waited for it): a lone order is answered from what is stored
    if (batchSize > 1) throw new OrderRaced('an order of the batch was stored meanwhile');
    const { prepared: p, at } = fresh[0]!;
    const existing = await tx.selectFrom('orders').selectAll().where('shop_id', '=', p.shop.id).where('id', '=', p.order.id).executeTakeFirstOrThrow();
    results[at] = existing.request_hash === p.hash ? { status: 200, body: await loadOrderResult(tx, p.shop.id, existing) } : replayConflict(p.order.id);
    return;
  }
  const commissions = fresh.flatMap((f) => f.prepared.commissions);
  for (let i = 0; i < commissions.length; i += 500) await tx.executeQuery(insertCommissions(tx, commissions.slice(i, i + 500)));

  const byShop = new Map<string, PreparedOrder[]>();
  for (const { prepared } of fresh) {
    const list = byShop.get(prepared.shop.id);
    if (list) list.push(prepared);
    else byShop.set(prepared.shop.id, [prepared]);
  }
  for (const [shopId, orders] of byShop) {
    // browser conversions reported for these order ids are confirmed by them, each at its order's time
    for (let i = 0; i < orders.length; i += 200) {
      const part = orders.slice(i, i + 200);
      const when = sql.join(part.map((p) => sql`when ${p.order.id} then cast(${p.now} as bigint)`), sql` `);
      await sql`update conversions set verified_at = case order_id ${when} end
        where shop_id = ${shopId} and order_id in (${sql.join(part.map((p) => p.order.id))}) and verified_at is null`.execute(tx);
    }
    await appendEntries(
      tx,
      shopId,
      orders.flatMap((p) =>
        p.commissions.map((c) => ({
          distributorId: c.distributor_id,
          bucket: 'pending' as const,
          kind: 'commission',
          amount: c.amount,
          currency: c.currency,
          commissionId: c.id,
          dedupeKey: `earn:${c.id}`,
          at: p.now,
        })),
      ),
      0,
    );
  }
  // each commission as the API shows it, made once for the webhooks and the answer, from the objects just stored
  const views = fresh.map(({ prepared: p }) =>
    p.commissions.map((c, i) => {
      const { amount: _amount, ...explanation } = p.evaluation.commissions[i]!;
      return toCommission(c, explanation);
    }),
  );
  await emitEventGroups(
    tx,
    fresh.map(({ prepared: p }, i) => ({ shopId: p.shop.id, events: orderCreatedEvents(p.order, views[i]!), now: p.now })),
  );
  // the read models (distributor totals, sales rollups) follow the new orders
  await applyEvents(tx, [
    { type: 'orders.recorded', orders: fresh.map(({ prepared: p }) => ({ shopCurrency: p.shop.currency, order: p.order, commissions: p.commissions, evaluation: p.evaluation })) },
  ]);
  fresh.forEach(({ at, prepared: p }, i) => {
    results[at] = {
      status: 201,
      body: { order: toOrder(p.order, p.input), commissions: views[i]!, notPaid: p.evaluation.notPaid },
    };
  });
}

const replayConflict = (id: string) =>
  conflict('idempotency_conflict', `order ${id} was already recorded with different content; an order id can be used once`);
