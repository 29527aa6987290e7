import { commissionOrderOf, customerKeys, customerStatus, evaluateCommissions, type ChainMember, type Program } from '@twotier/core';
import type { OrderCreate } from '@twotier/core/schema';
import type { Executor } from '../db';
import { DAY_MS } from '../util/time';

/** Orders replayed at most per simulation; the answer says when it stopped early. */
export const SIMULATION_MAX_ORDERS = 100_000;

/** Would-be against actual, minor units. */
export interface SimulationTotals {
  /** What was recorded when the orders came in (the program, grades and tree of then). */
  actual: number;
  /** The draft program on today's grades and tree. */
  wouldBe: number;
  /** wouldBe − actual: the edit and everything that changed since, together. */
  delta: number;
  /** The saved program replayed on today's grades and tree. */
  baseline: number;
  /** wouldBe − baseline: what the edit alone changes (0 for an unedited program). */
  edit: number;
  /** baseline − actual: what grades, the tree or the saved program changing since the orders moved, edit or not. */
  drift: number;
}

/** `POST /v1/program/simulate` answer. */
export interface Simulation {
  currency: string;
  days: number;
  from: string;
  to: string;
  orders: number;
  truncated: boolean;
  total: SimulationTotals;
  levels: (SimulationTotals & { level: 1 | 2 })[];
  /** The distributors whose commissions change most, largest change first. */
  distributors: (SimulationTotals & { distributorId: string; code: string; name: string })[];
}

const totals = (): SimulationTotals => ({ actual: 0, wouldBe: 0, delta: 0, baseline: 0, edit: 0, drift: 0 });
const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/**
 * Replays the verified orders of the last `days` days through core's
 * `evaluateCommissions` with a draft program, keeping each order's
 * attribution, and compares with the commissions actually recorded. The
 * chain is read as it is today (status, grade, parent); nothing is written.
 * The shop's saved program is replayed the same way (`baseline`), so what the
 * edit changes (`edit`) is apart from what grades or the tree changing since
 * changed (`drift`): an unedited program shows an edit of 0.
 * Orders in the shop's default currency only: the totals are in it.
 */
export async function simulateProgram(db: Executor, shop: { id: string; currency: string; program?: Program }, draft: Program, days: number, now: number): Promise<Simulation> {
  const from = now - days * DAY_MS;
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'body', 'placed_at', 'customer_key', 'distributor_id', 'region'])
    .where('shop_id', '=', shop.id)
    .where('currency', '=', shop.currency)
    .where('placed_at', '>=', from)
    .where('placed_at', '<', now)
    .orderBy('placed_at')
    .limit(SIMULATION_MAX_ORDERS + 1)
    .execute();
  const truncated = orders.length > SIMULATION_MAX_ORDERS;
  if (truncated) orders.pop();

  // each order's customer keys, as the order had them (a customer is returning when any of them ordered before)
  const bodies = new Map(orders.map((o) => [o.id, JSON.parse(o.body) as OrderCreate]));
  const keysOf = new Map([...bodies].map(([id, body]) => [id, customerKeys(body.customer, body.visitorId)]));
  const firstOrderOf = new Map<string, number>();
  const keys = [...new Set([...keysOf.values()].flat())];
  for (const part of chunks(keys, 500)) {
    const rows = await db.selectFrom('orders').select(['customer_key', (eb) => eb.fn.min('placed_at').as('first')]).where('shop_id', '=', shop.id).where('customer_key', 'in', part).groupBy('customer_key').execute();
    for (const r of rows) if (r.customer_key) firstOrderOf.set(r.customer_key, Number(r.first));
  }

  const members = new Map<string, { id: string; code: string; name: string; grade: string | null; status: ChainMember['status']; parent_id: string | null }>();
  const load = async (ids: string[]) => {
    for (const part of chunks(ids.filter((id) => !members.has(id)), 500)) {
      const rows = await db.selectFrom('distributors').select(['id', 'code', 'name', 'grade', 'status', 'parent_id']).where('shop_id', '=', shop.id).where('id', 'in', part).execute();
      for (const r of rows) members.set(r.id, r);
    }
  };
  await load([...new Set(orders.map((o) => o.distributor_id).filter((x): x is string => x !== null))]);
  await load([...new Set([...members.values()].map((m) => m.parent_id).filter((x): x is string => x !== null))]);

  const level = { 1: totals(), 2: totals() };
  const byDistributor = new Map<string, SimulationTotals>();
  const bump = (distributorId: string, lvl: 1 | 2, field: 'actual' | 'wouldBe' | 'baseline', amount: number) => {
    level[lvl][field] += amount;
    let t = byDistributor.get(distributorId);
    if (!t) byDistributor.set(distributorId, (t = totals()));
    t[field] += amount;
  };

  for (const part of chunks(orders.map((o) => o.id), 500)) {
    const rows = await db.selectFrom('commissions').select(['distributor_id', 'level', 'amount']).where('shop_id', '=', shop.id).where('order_id', 'in', part).execute();
    for (const r of rows) bump(r.distributor_id, r.level === 2 ? 2 : 1, 'actual', Number(r.amount));
  }

  for (const o of orders) {
    const l1 = o.distributor_id ? members.get(o.distributor_id) : undefined;
    if (!l1) continue;
    const l2 = l1.parent_id ? members.get(l1.parent_id) : undefined;
    const placedAt = Number(o.placed_at);
    const order = commissionOrderOf(bodies.get(o.id)!, placedAt, customerStatus(placedAt, keysOf.get(o.id)!.map((k) => firstOrderOf.get(k))));
    const replay = (program: Program) =>
      evaluateCommissions(order, { level1: { id: l1.id, grade: l1.grade, status: l1.status }, level2: l2 ? { id: l2.id, grade: l2.grade, status: l2.status } : null }, program);
    const evaluation = replay(draft);
    for (const c of evaluation.commissions) bump(c.distributorId, c.level, 'wouldBe', c.amount);
    const saved = shop.program ? replay(shop.program) : evaluation;
    for (const c of saved.commissions) bump(c.distributorId, c.level, 'baseline', c.amount);
  }

  const fin = (t: SimulationTotals) => ({ ...t, delta: t.wouldBe - t.actual, edit: t.wouldBe - t.baseline, drift: t.baseline - t.actual });
  await load([...byDistributor.keys()]);
  const distributors = [...byDistributor.entries()]
    .map(([id, t]) => ({ distributorId: id, code: members.get(id)?.code ?? id, name: members.get(id)?.name ?? '', ...fin(t) }))
    .sort((a, b) => Math.abs(b.edit) - Math.abs(a.edit) || Math.abs(b.delta) - Math.abs(a.delta) || b.wouldBe - a.wouldBe || a.code.localeCompare(b.code))
    .slice(0, 100);
  const total = fin({ ...totals(), actual: level[1].actual + level[2].actual, wouldBe: level[1].wouldBe + level[2].wouldBe, baseline: level[1].baseline + level[2].baseline });
  return {
    currency: shop.currency,
    days,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    orders: orders.length,
    truncated,
    total,
    levels: [{ level: 1, ...fin(level[1]) }, { level: 2, ...fin(level[2]) }],
    distributors,
  };
}
