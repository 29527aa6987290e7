/**
 * `pnpm soak`: a bounded reliability run on loopback. `twotier serve
 * --workers 2` on the soak's own PostgreSQL and Redis, Debian's nginx in
 * front (the configuration of docs/self-hosting.md), mixed traffic at a fixed
 * rate through nginx; in the first half a worker is killed, PostgreSQL and
 * Redis are restarted; the second half is steady state, where every
 * process's memory must stay within 10%. Then every acknowledged write is
 * looked up, and docs/reliability.md is written. Not part of the tests.
 *
 *   pnpm soak [--minutes 8] [--rate 40] [--workers 2] [--faults kill,pg,redis] [--heap-snapshots] [--out docs/reliability.md]
 *
 * --heap-snapshots takes a heap snapshot of every worker half-way and at the
 * end and prints what grew between them by constructor (and what holds it);
 * such a run does not write the report.
 */
import { copyFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postgresBinDir, startOwnPostgres } from '../packages/server/test/pg-own';
import { startOwnRedis } from './soak/redis-instance';
import { writeReport } from './soak/report';
import { log, mb, soakRun } from './soak/run';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '8' },
    rate: { type: 'string', default: '40' },
    workers: { type: 'string', default: '2' },
    faults: { type: 'string', default: 'kill,pg,redis' },
    'heap-snapshots': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/reliability.md' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const workers = Number(values.workers);
const faults = new Set(values.faults.split(',').filter(Boolean));
if (!(minutes >= 1 && minutes <= 120) || !(rate > 0 && rate <= 2_000) || !(Number.isInteger(workers) && workers >= 1 && workers <= 8) || [...faults].some((f) => !['kill', 'pg', 'redis'].includes(f))) {
  process.stderr.write('usage: pnpm soak [--minutes 1..120] [--rate 1..2000] [--workers 1..8] [--faults kill,pg,redis] [--heap-snapshots] [--out docs/reliability.md]\n');
  process.exit(2);
}

const loadAtStart = loadavg()[0]!;
const pgBin = postgresBinDir();
if (!pgBin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)');
// fsync on: the soak measures real commits
const pg = await startOwnPostgres(pgBin, { firstPort: 55432, fsync: true, maxConnections: 200 });
const redis = await startOwnRedis();
log(`own PostgreSQL on port ${pg.port} (${pg.dataDir}), own Redis on port ${redis.port}`);
let stopping = false;
const cleanup = async () => {
  if (stopping) return;
  stopping = true;
  // PostgreSQL's log (deadlocks, connections ended by the restart), kept for reading after the run
  try {
    copyFileSync(join(pg.dataDir, 'server.log'), join(tmpdir(), 'twotier-soak-postgres.log'));
  } catch {
    // no log written
  }
  pg.destroy();
  await redis.destroy();
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
let ok = false;
try {
  const r = await soakRun(pg, redis, { minutes, rate, workers, faults, heapSnapshots: values['heap-snapshots'] });
  ok = r.ok;
  const lost = r.writes.clicks.missing + r.writes.orders.missing + r.writes.refunds.missing;
  log(`${r.ok ? 'PASS' : 'FAIL'}: ${r.seconds} s, ${r.sent} requests, 5xx ${r.fiveXx} (outside faults ${r.fiveXxOutsideFaults}), unanswered ${r.unanswered} (outside faults ${r.unansweredOutsideFaults}), retries ${r.retries}, p50/p99 ${r.p50}/${r.p99} ms`);
  for (const [name, p] of [['clicks', r.writes.clicks], ['orders', r.writes.orders], ['refunds', r.writes.refunds]] as const) log(`    ${name}: acknowledged ${p.acknowledged}, stored ${p.stored}, missing ${p.missing}`);
  log(`    lost ${lost}, created twice ${r.writes.doubled}`);
  for (const f of r.faults) log(`    ${f.ok ? 'ok' : 'FAILED'} ${f.name} at ${f.at} s, down ${f.downSeconds} s: 5xx ${f.fiveXx}, unanswered ${f.unanswered}, retries ${f.retries}; ${f.notes.join('; ')}`);
  for (const m of r.memory) log(`    ${m.role} ${m.pid}: ${mb(m.samples[0]![1])} → ${mb(m.samples.at(-1)![1])} MB; second-half minutes ${m.secondHalfMinutes.map(mb).join(', ') || '(did not live through it)'}${m.spread === null ? '' : ` → spread ${m.spread}%`}`);
  if (values['heap-snapshots']) log('heap-snapshot run: report not written');
  else {
    const command = `pnpm soak ${process.argv.slice(2).join(' ')}`.trim();
    writeReport(values.out, command, r, pg.url, loadAtStart);
    log(`wrote ${values.out}`);
  }
} finally {
  await cleanup();
}
process.exit(ok ? 0 : 1);
