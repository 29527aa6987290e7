/**
 * Counts the statements (round trips) orders cost on PostgreSQL: starts the
 * server in this process with every pg query counted, sets up the bench's
 * chains, posts orders one at a time as the bench makes them and prints the
 * statements of the last new-customer and the last returning-customer order
 * (a batch of one), then posts orders 50 at a time, as the bench's
 * connections do, and prints the statements per order when batches share them.
 *
 *   packages/server/node_modules/.bin/tsx --conditions=@twotier/source scripts/bench/count-round-trips.ts
 */
import { join } from 'node:path';
import { OPERATOR, json, orderBody, requireServer, run, serverDir, setupChains, setupShop } from './server-harness';

const PG_URL = process.env.TWOTIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pg = requireServer('pg') as typeof import('pg').default;
let log: string[] = [];
const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const q = args[0] as string | { text: string };
  log.push(typeof q === 'string' ? q : q.text);
  return original.apply(this, args);
} as never;

const schema = `twotier_rt_${run}`;
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
const { startServer } = (await import(join(serverDir, 'src/node.ts'))) as typeof import('../../packages/server/src/node');
const server = await startServer({
  databaseUrl: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  port: 0,
  hostname: '127.0.0.1',
  rateLimiter: false,
  operatorToken: OPERATOR,
  settleEveryMs: 0,
});
try {
  const shop = await setupShop(server.url);
  await setupChains(server.url, shop.sk);
  const body = orderBody('rt');
  const per: number[] = [];
  const shown = { new: [] as string[], returning: [] as string[] };
  for (let n = 0; n < 60; n++) {
    log = [];
    await json(server.url, '/v1/orders', body(n), shop.sk);
    per.push(log.length);
    shown[n % 5 === 4 ? 'returning' : 'new'] = log;
  }
  const mean = per.reduce((s, x) => s + x, 0) / per.length;
  console.log(`statements per order: mean ${mean.toFixed(1)}, min ${Math.min(...per)}, max ${Math.max(...per)}`);
  for (const [k, l] of Object.entries(shown)) console.log(`\n--- a ${k} customer's order: ${l.length} statements\n${l.map((s) => s.replace(/\s+/g, ' ').slice(0, 160)).join('\n')}`);
  log = [];
  const concurrent = 50;
  const rounds = 10;
  for (let r = 0; r < rounds; r++) await Promise.all(Array.from({ length: concurrent }, (_, i) => json(server.url, '/v1/orders', body(1000 + r * concurrent + i), shop.sk)));
  const batches = log.filter((s) => s === 'BEGIN' || s.toLowerCase() === 'begin').length;
  console.log(`\n${rounds * concurrent} orders posted ${concurrent} at a time: ${log.length} statements in ${batches} transactions, ${(log.length / (rounds * concurrent)).toFixed(2)} statements per order`);
} finally {
  await server.stop();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
