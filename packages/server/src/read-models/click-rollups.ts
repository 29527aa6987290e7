import type { CompiledQuery } from 'kysely';
import type { Executor } from '../db';
import { rowsStatement } from '../db/rows-statement';
import { utcDay } from '../util/time';

/**
 * New clicks counted per shop, UTC day and code, in a fixed order (so
 * concurrent writers take the rollup rows in the same order and never
 * deadlock).
 */
function dailyClickCounts(clicks: { shopId: string; code: string; at: number }[]): { shopId: string; day: string; code: string; clicks: number }[] {
  const counts = new Map<string, { shopId: string; day: string; code: string; clicks: number }>();
  for (const c of clicks) {
    const day = utcDay(c.at);
    const k = `${c.shopId}\u0000${day}\u0000${c.code}`;
    const row = counts.get(k);
    if (row) row.clicks += 1;
    else counts.set(k, { shopId: c.shopId, day, code: c.code, clicks: 1 });
  }
  return [...counts.keys()].sort().map((k) => counts.get(k)!);
}

/**
 * Counts newly stored clicks per shop, day and referral code, and per shop
 * and day (`daily_click_totals`, the Overview's clicks: a day's total is one
 * row, however many codes were clicked): the statements, in a fixed order,
 * that the click batch's transaction runs (read-models/index.ts).
 */
export function rollupClicks(qb: Executor, clicks: readonly { shop: { id: string }; code: string; at: number }[]): CompiledQuery[] {
  const rows = dailyClickCounts(clicks.map((c) => ({ shopId: c.shop.id, code: c.code, at: c.at }))).map((r) => ({ shop_id: r.shopId, day: r.day, code: r.code, clicks: r.clicks }));
  const statements: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += 200) statements.push(upsertClicks(qb, rows.slice(i, i + 200)));
  const totals = new Map<string, { shop_id: string; day: string; clicks: number }>();
  for (const r of rows) {
    const k = `${r.shop_id}\u0000${r.day}`;
    const t = totals.get(k);
    if (t) t.clicks += r.clicks;
    else totals.set(k, { shop_id: r.shop_id, day: r.day, clicks: r.clicks });
  }
  const sorted = [...totals.keys()].sort().map((k) => totals.get(k)!);
  for (let i = 0; i < sorted.length; i += 500) statements.push(upsertClickTotals(qb, sorted.slice(i, i + 500)));
  return statements;
}

const upsertClicks = rowsStatement((qb, rows: { shop_id: string; day: string; code: string; clicks: number }[]) =>
  qb
    .insertInto('daily_clicks')
    .values(rows)
    .onConflict((oc) => oc.columns(['shop_id', 'day', 'code']).doUpdateSet((eb) => ({ clicks: eb('daily_clicks.clicks', '+', eb.ref('excluded.clicks')) }))),
);

const upsertClickTotals = rowsStatement((qb, rows: { shop_id: string; day: string; clicks: number }[]) =>
  qb
    .insertInto('daily_click_totals')
    .values(rows)
    .onConflict((oc) => oc.columns(['shop_id', 'day']).doUpdateSet((eb) => ({ clicks: eb('daily_click_totals.clicks', '+', eb.ref('excluded.clicks')) }))),
);
