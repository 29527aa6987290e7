/**
 * `pnpm soak`: bounded reliability runs on loopback against two `twotier serve`
 * processes on the soak's own PostgreSQL — (a) steady mixed traffic with
 * memory sampled, (b) one process killed mid-load, (c) PostgreSQL restarted
 * mid-load — then docs/reliability.md with the figures. Not part of the tests.
 *
 *   pnpm soak [--minutes 10] [--warmup-minutes 2] [--rate 40] [--phase-seconds 60] [--phases soak,kill,pg] [--out docs/reliability.md]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { killPhase, log, postgresRestartPhase, soakPhase, type PhaseResult } from './soak/phases';
import { startOwnPostgres } from './soak/pg-instance';
import { writeReport } from './soak/report';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'warmup-minutes': { type: 'string', default: '2' },
    rate: { type: 'string', default: '40' },
    'phase-seconds': { type: 'string', default: '60' },
    phases: { type: 'string', default: 'soak,kill,pg' },
    out: { type: 'string', default: 'docs/reliability.md' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const warmUpMinutes = Number(values['warmup-minutes']);
const phaseSeconds = Number(values['phase-seconds']);
const phases = new Set(values.phases.split(','));
if (!(minutes > 0 && minutes <= 120) || !(warmUpMinutes >= 0) || !(rate > 0 && rate <= 2_000) || !(phaseSeconds >= 20 && phaseSeconds <= 3_600)) {
  process.stderr.write('usage: pnpm soak [--minutes 1..120] [--warmup-minutes 2] [--rate 1..2000] [--phase-seconds 20..3600] [--phases soak,kill,pg]\n');
  process.exit(2);
}

const loadAtStart = loadavg()[0]!;
const pg = await startOwnPostgres();
log(`own PostgreSQL on port ${pg.port} (${pg.dataDir})`);
const results: PhaseResult[] = [];
let stopping = false;
const cleanup = () => {
  if (stopping) return;
  stopping = true;
  pg.destroy();
};
process.once('SIGINT', () => (cleanup(), process.exit(130)));
try {
  if (phases.has('soak')) results.push(await soakPhase(pg, rate, minutes, warmUpMinutes));
  if (phases.has('kill')) results.push(await killPhase(pg, rate, phaseSeconds));
  if (phases.has('pg')) results.push(await postgresRestartPhase(pg, rate, phaseSeconds));
  for (const r of results) {
    log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name}: ${r.sent} requests, 5xx ${r.fiveXx}, unanswered ${r.unanswered}, retries ${r.retries}, p50/p99 ${r.p50}/${r.p99} ms, lost ${r.writes.clicks.missing + r.writes.orders.missing + r.writes.refunds.missing}, twice ${r.writes.doubled}`);
    for (const n of r.notes) log(`    ${n}`);
  }
  const command = `pnpm soak ${process.argv.slice(2).join(' ')}`.trim();
  writeReport(values.out, command, rate, results, pg.url, loadAtStart);
  log(`wrote ${values.out}`);
} finally {
  cleanup();
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
