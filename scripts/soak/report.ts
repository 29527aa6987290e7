import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import type { PhaseResult } from './phases';

const machine = (pgVersion: string) => {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1073741824)} GiB RAM, Linux ${release()}, Node ${process.version}, ${pgVersion}`;
};

const row = (r: PhaseResult) =>
  `| ${r.name} | ${r.seconds} s | ${r.sent} | ${Object.entries(r.statuses).map(([s, n]) => `${s}: ${n}`).join(', ')} | ${r.fiveXx} | ${r.unanswered} | ${r.retries} | ${r.p50} / ${r.p99} ms | ${r.writes.clicks.acknowledged} / ${r.writes.orders.acknowledged} / ${r.writes.refunds.acknowledged} | ${r.writes.clicks.missing + r.writes.orders.missing + r.writes.refunds.missing} | ${r.writes.doubled} | ${r.ok ? 'pass' : '**FAIL**'} |`;

/** Writes docs/reliability.md from the phases measured in this run. */
export function writeReport(file: string, command: string, rate: number, results: PhaseResult[], pgUrl: string, loadAtStart: number): void {
  let pgVersion = 'PostgreSQL';
  try {
    pgVersion = execFileSync('psql', [pgUrl, '-Atc', 'show server_version'], { encoding: 'utf8' }).trim();
    pgVersion = `PostgreSQL ${pgVersion}`;
  } catch {
    // psql missing: leave the generic name
  }
  const text = `# Reliability: several processes, a killed process, a restarted database

Measured by \`${command}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.
Machine: ${machine(pgVersion)}; load average ${loadAtStart.toFixed(1)} at the start and
${loadavg()[0]!.toFixed(1)} at the end (the machine is shared: latencies include waiting for a core). Everything on loopback: the soak starts its own
PostgreSQL (\`initdb\` into a temporary directory, its own port), two \`twotier serve\`
processes on it (\`TWOTIER_TRUST_PROXY=2\`: the client stands in for a CDN) and Debian's nginx
in front of them, with the configuration of docs/self-hosting.md. The client sends a fixed rate of
${rate} requests/s of mixed traffic through nginx: 50% clicks (from many visitor IPs),
20% orders with commissions, 5% refunds of acknowledged orders, 15% distributor-panel reads
with sessions (\`/v1/me\`, \`/v1/me/commissions\`, \`/v1/me/recruits\`), 10% secret-key reads
(balances, stats). Writes that get a 5xx or no answer are retried with the same ids until
acknowledged (at most 90 s each). At the end every acknowledged click, order and refund is
looked up in PostgreSQL, and the rows stored must be exactly the acknowledged ones.

| phase | length | requests | statuses | 5xx | unanswered | retries | latency p50 / p99 | acknowledged clicks / orders / refunds | lost | created twice | result |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${results.map(row).join('\n')}

${results.map((r) => `**${r.name}**\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n`).join('\n')}
Phases: **soak** — steady load, memory of each process sampled every 5 s after warm-up
(pass: every process's per-minute mean RSS within 10% between its lowest and highest
minute, zero 5xx, zero unanswered, nothing lost or doubled); **kill** — one of the two processes gets SIGKILL a third of the way in;
the balancer sends the rest to the survivor (a write cut off mid-way is answered 502 and
the client retries it); **postgres-restart** — the database is stopped (\`pg_ctl stop -m
fast\`) for 10 s a quarter of the way in, \`/healthz\` of both processes is probed every
250 ms, and nothing is restarted by hand.

Run it again with \`pnpm soak\` (10 minutes of steady load, then the two 60-second
fault phases; \`--minutes\`, \`--warmup-minutes\` (at most half the run), \`--rate\`,
\`--phase-seconds\`, \`--phases soak,kill,pg\`).
It is not part of \`pnpm test\`.
`;
  writeFileSync(file, text);
}
