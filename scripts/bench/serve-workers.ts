/**
 * What `twotier serve --workers 2` buys over `--workers 1` on this machine:
 * orders with commissions on PostgreSQL, both servers up at once (each on
 * its own schema), measured in alternating slices so that the machine's
 * other load falls on both. Run: `npx tsx scripts/bench/serve-workers.ts [rounds] [seconds] [connections]`.
 */
import { childProcesses, startServe } from '../../packages/server/test/serve-bin';
import { OPERATOR, combine, load, orderBody, requireServer, setupChains, setupShop, type LoadFigures } from './server-harness';

const pg = requireServer('pg') as typeof import('pg').default;

const PG_URL = process.env.TWOTIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const [rounds = 4, seconds = 5, connections = 50] = process.argv.slice(2).map(Number);
const descendants = (pid: number): number[] => childProcesses(pid).flatMap((c) => [c.pid, ...descendants(c.pid)]);

const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
/** PostgreSQL's deadlock count for the database; statistics arrive within a second, a fresh snapshot reads them. */
const deadlocks = async () => {
  await new Promise((r) => setTimeout(r, 1500));
  await admin.query('select pg_stat_clear_snapshot()');
  return Number((await admin.query('select deadlocks from pg_stat_database where datname = current_database()')).rows[0].deadlocks);
};
const tag = Math.random().toString(36).slice(2, 8);
type Target = Omit<Parameters<typeof load>[0], 'body'>;
const servers: { workers: number; schema: string; serve: Awaited<ReturnType<typeof startServe>>; target: Target; runs: LoadFigures[] }[] = [];
for (const workers of [1, 2]) {
  const schema = `twotier_workers_${tag}_${workers}`;
  await admin.query(`create schema ${schema}`);
  const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const serve = await startServe(['--port', '0', '--workers', String(workers)], { DATABASE_URL: url, TWOTIER_OPERATOR_TOKEN: OPERATOR }, 120_000);
  await new Promise((r) => setTimeout(r, 3000)); // every worker listening
  const shop = await setupShop(serve.url);
  await setupChains(serve.url, shop.sk);
  const target = { url: serve.url, path: '/v1/orders', headers: { 'content-type': 'application/json', ...shop.sk }, pids: [serve.pid, ...descendants(serve.pid)] };
  await load({ ...target, body: orderBody(`warm${workers}`) }, 2, connections);
  servers.push({ workers, schema, serve, target, runs: [] as LoadFigures[] });
}
try {
  for (let round = 0; round < rounds; round++) {
    for (const s of round % 2 ? [...servers].reverse() : servers) {
      const before = await deadlocks();
      const r = await load({ ...s.target, body: orderBody(`w${s.workers}r${round}`) }, seconds, connections);
      s.runs.push(r);
      const seen = (await deadlocks()) - before; // the whole database's: other work on it counts too
      process.stdout.write(`round ${round} workers=${s.workers}: ${Math.round(r.reqPerSec)} orders/s, ${Math.round(r.perCpuSec)} per CPU s, p99 ${r.p99Ms} ms, errors ${r.errors}, deadlocks ${seen}\n`);
    }
  }
  const [one, two] = servers.map((s) => combine(s.runs));
  process.stdout.write(`workers=1: ${Math.round(one!.reqPerSec)} orders/s; workers=2: ${Math.round(two!.reqPerSec)} orders/s; ratio ${(two!.reqPerSec / one!.reqPerSec).toFixed(2)}; per-round ratios ${servers[1]!.runs.map((r, i) => (r.reqPerSec / servers[0]!.runs[i]!.reqPerSec).toFixed(2)).join(' ')}\n`);
} finally {
  for (const s of servers) {
    s.serve.proc.kill('SIGTERM');
    await s.serve.exited();
    await admin.query(`drop schema ${s.schema} cascade`);
  }
  await admin.end();
}
