import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { mb, type SoakResult } from './run';

const machine = (pgVersion: string) => {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1073741824)} GiB RAM, Linux ${release()}, Node ${process.version}, ${pgVersion}`;
};

const commit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

/** Writes docs/reliability.md from one soak run. */
export function writeReport(file: string, command: string, r: SoakResult, pgUrl: string, loadAtStart: number): void {
  let pgVersion = 'PostgreSQL';
  try {
    pgVersion = `PostgreSQL ${execFileSync('psql', [pgUrl, '-Atc', 'show server_version'], { encoding: 'utf8' }).trim()}`;
  } catch {
    // psql missing or the database gone: the generic name
  }
  const w = r.writes;
  const lost = w.clicks.missing + w.orders.missing + w.refunds.missing;
  const text = `# Reliability: workers behind nginx, a killed worker, restarted PostgreSQL and Redis

Measured by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit ${commit()}.
Machine: ${machine(pgVersion)}; load average ${loadAtStart.toFixed(1)} at the start and
${loadavg()[0]!.toFixed(1)} at the end (the machine is shared: latencies include waiting for a core).

Everything on loopback. The soak starts its own PostgreSQL (\`initdb\` into a temporary
directory, its own port) and its own \`redis-server\` (its own port, \`REDIS_URL\`: rate limits
shared by the workers), one \`twotier serve --workers ${r.workers}\` on them
(\`TWOTIER_TRUST_PROXY=2\`: the client stands in for a CDN) and Debian's nginx in front, with
the configuration of docs/self-hosting.md. The client sends ${r.rate} requests/s of mixed traffic
through nginx for the whole run: 50% clicks (from many visitor IPs), 20% orders with
commissions, 5% refunds of acknowledged orders, 15% distributor-panel reads with sessions
(\`/v1/me\`, \`/v1/me/commissions\`, \`/v1/me/recruits\`), 10% secret-key reads (balances, stats).
Writes that get a 5xx or no answer are retried with the same ids until acknowledged (at most
90 s each). In the first half of the run a worker gets SIGKILL (10% in), PostgreSQL is stopped
(\`pg_ctl stop -m fast\`) for 10 s (20% in) and Redis is stopped for 5 s (35% in); nothing is
restarted by hand. The second half is steady load, where memory is judged. At the end every
acknowledged click, order and refund is looked up in PostgreSQL: the rows stored must be
exactly the acknowledged ones.

## Result: ${r.ok ? 'pass' : '**FAIL**'}

| | |
| --- | --- |
| length | ${r.seconds} s at ${r.rate} requests/s |
| requests | ${r.sent} (${Object.entries(r.statuses).map(([s, n]) => `${s}: ${n}`).join(', ')}) |
| 5xx | ${r.fiveXx}, of them outside the fault windows: ${r.fiveXxOutsideFaults} |
| no answer | ${r.unanswered}, of them outside the fault windows: ${r.unansweredOutsideFaults} |
| retries with the same ids | ${r.retries} |
| latency p50 / p99 | ${r.p50} / ${r.p99} ms |
| clicks acknowledged / stored | ${w.clicks.acknowledged} / ${w.clicks.stored} |
| orders acknowledged / stored | ${w.orders.acknowledged} / ${w.orders.stored} |
| refunds acknowledged / stored | ${w.refunds.acknowledged} / ${w.refunds.stored} |
| lost (acknowledged, not stored) | ${lost} |
| created twice | ${w.doubled} |

## Faults

Each window runs from the fault until 15 s after the part is back.

| fault | at | down | 5xx | no answer | retries | |
| --- | --- | --- | --- | --- | --- | --- |
${r.faults.map((f) => `| ${f.name} | ${f.at} s | ${f.downSeconds} s | ${f.fiveXx} | ${f.unanswered} | ${f.retries} | ${f.ok ? 'ok' : '**FAILED**'}: ${f.notes.join('; ')} |`).join('\n')}

## Memory

Resident memory (RSS) of every process, sampled every 5 s. Judged on per-minute means over
the second half of the run, for every process alive through it (pass: highest within 10% of
lowest); the worker started in place of the killed one is judged too.

| process | RSS at its first sample → last | per-minute means, second half | spread |
| --- | --- | --- | --- |
${r.memory.map((m) => `| ${m.role} ${m.pid} (${m.samples[0]![0]}–${m.samples.at(-1)![0]} s) | ${mb(m.samples[0]![1])} → ${mb(m.samples.at(-1)![1])} MB | ${m.secondHalfMinutes.map(mb).join(', ') || 'did not live through it'}${m.secondHalfMinutes.length ? ' MB' : ''} | ${m.spread === null ? '—' : `${m.spread}%`} |`).join('\n')}

${r.notes.map((n) => `- ${n}`).join('\n')}

Run it again with \`pnpm soak\` (8 minutes at 40 requests/s; \`--minutes\`, \`--rate\`,
\`--workers\`, \`--faults kill,pg,redis\`; \`--heap-snapshots\` snapshots every worker half-way
and at the end and prints what grew, by constructor). It is not part of \`pnpm test\`.
`;
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = previous.includes(KEPT) ? `\n${previous.slice(previous.indexOf(KEPT))}` : '';
  writeFileSync(file, `${text}${kept}`);
}

/** What follows this line in the report was written by hand (readings of a run, earlier measurements): a new run keeps it. */
const KEPT = '<!-- written by hand: kept as it is when pnpm soak rewrites this file -->';
