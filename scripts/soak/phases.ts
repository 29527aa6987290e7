import { startChildServer, type ChildServer } from '../../packages/server/test/scale/child-server';
import { startNginx, type RunningNginx } from '../../packages/server/test/scale/nginx';
import type { OwnPostgres } from './pg-instance';
import { Tally, runTraffic, setUpShop } from './traffic';
import { verifyWrites, type WriteCheck } from './verify';

const OPERATOR = 'soak-operator-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1048576);
export const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** Two `twotier serve` processes on `pgUrl` behind nginx, with the configuration of docs/self-hosting.md. */
async function cluster(pgUrl: string): Promise<{ servers: ChildServer[]; nginx: RunningNginx; close(): Promise<void> }> {
  // two trusted hops: the client writes each visitor's address as an outer proxy (a CDN) would, and nginx appends its own peer
  const env = { DATABASE_URL: pgUrl, TWOTIER_OPERATOR_TOKEN: OPERATOR, TWOTIER_TRUST_PROXY: '2' };
  const servers = await Promise.all([startChildServer(env), startChildServer(env)]);
  const nginx = await startNginx(servers.map((s) => s.url));
  log(`servers ${servers.map((s) => `${s.url} (pid ${s.pid})`).join(', ')} behind nginx ${nginx.url} (pid ${nginx.pid})`);
  return { servers, nginx, close: async () => {
      await nginx.close();
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

/** What a phase reports. */
export interface PhaseResult {
  name: string;
  seconds: number;
  sent: number;
  statuses: Record<string, number>;
  fiveXx: number;
  unanswered: number;
  retries: number;
  p50: number;
  p99: number;
  writes: WriteCheck;
  notes: string[];
  ok: boolean;
}

const summarize = (name: string, seconds: number, tally: Tally, writes: WriteCheck, notes: string[], ok: boolean): PhaseResult => ({
  name,
  seconds,
  sent: tally.sent,
  statuses: Object.fromEntries([...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
  fiveXx: tally.fiveXx,
  unanswered: tally.unanswered,
  retries: tally.retries,
  p50: percentile(tally.latencies, 50),
  p99: percentile(tally.latencies, 99),
  writes,
  notes,
  ok: ok && writes.ok,
});

const progress = (tally: Tally, extra = '') =>
  log(`  sent ${tally.sent}  2xx ${[...tally.byStatus].filter(([s]) => s < 300).reduce((a, [, n]) => a + n, 0)}  5xx ${tally.fiveXx}  unanswered ${tally.unanswered}  retries ${tally.retries}${extra}`);

/** (a) Fixed-rate mixed traffic; RSS of each process sampled every 5 s, flat within 10% after warm-up. */
export async function soakPhase(pg: OwnPostgres, rate: number, minutes: number, warmUpMinutes: number): Promise<PhaseResult & { rss: { pid: number; samples: number[]; minutes: number[]; whole: number[]; spread: number; rawSpread: number }[] }> {
  log(`(a) soak: ${minutes} min at ${rate} req/s, two processes on PostgreSQL`);
  const c = await cluster(pg.url);
  const tally = new Tally();
  try {
    const shop = await setUpShop(c.nginx.url, OPERATOR, tally);
    const durationMs = minutes * 60_000;
    const warmUpMs = Math.min(warmUpMinutes * 60_000, durationMs / 2);
    const samples: number[][] = c.servers.map(() => []);
    const all: number[][] = c.servers.map(() => []);
    const started = Date.now();
    const sampler = setInterval(() => {
      const rss = c.servers.map((s) => s.rss());
      rss.forEach((r, i) => all[i]!.push(r));
      if (Date.now() - started >= warmUpMs) rss.forEach((r, i) => samples[i]!.push(r));
      progress(tally, `  rss ${rss.map(mb).join(' / ')} MB${Date.now() - started < warmUpMs ? ' (warm-up)' : ''}`);
    }, 5_000);
    await runTraffic(c.nginx.url, shop, tally, rate, durationMs);
    clearInterval(sampler);
    const writes = await verifyWrites(pg.url, shop.id, tally);
    const rss = c.servers.map((s, i) => {
      const xs = samples[i]!;
      // one mean per minute (12 samples), so garbage collection's sawtooth does not count as growth
      const minutes: number[] = [];
      for (let j = 0; j < xs.length; j += 12) {
        const w = xs.slice(j, j + 12);
        if (w.length >= 6 || minutes.length === 0) minutes.push(w.reduce((a, b) => a + b, 0) / w.length);
      }
      const pct = (lo: number, hi: number) => Math.round(((hi - lo) / lo) * 1000) / 10;
      const whole: number[] = [];
      for (let j = 0; j < all[i]!.length; j += 12) whole.push(all[i]!.slice(j, j + 12).reduce((a, b) => a + b, 0) / all[i]!.slice(j, j + 12).length);
      return { pid: s.pid, samples: xs, minutes, whole, spread: pct(Math.min(...minutes), Math.max(...minutes)), rawSpread: pct(Math.min(...xs), Math.max(...xs)) };
    });
    const flat = rss.every((r) => r.samples.length >= 2 && r.spread <= 10);
    const notes = [
      `warm-up ${Math.round(warmUpMs / 1000)} s, then RSS sampled every 5 s (${rss[0]?.samples.length ?? 0} samples per process)`,
      ...rss.map(
        (r) =>
          `pid ${r.pid}: per-minute mean RSS after warm-up ${r.minutes.map(mb).join(', ')} MB → spread ${r.spread}% (pass ≤ 10%); single samples ${mb(Math.min(...r.samples))}–${mb(Math.max(...r.samples))} MB (${r.rawSpread}%, garbage-collection sawtooth included); whole run, warm-up included: ${r.whole.map(mb).join(', ')} MB`,
      ),
    ];
    return { ...summarize('soak', minutes * 60, tally, writes, notes, flat && tally.fiveXx === 0 && tally.unanswered === 0), rss };
  } finally {
    await c.close();
  }
}

/** (b) One of the two processes is killed (SIGKILL) a third of the way in; the client retries what went unanswered. */
export async function killPhase(pg: OwnPostgres, rate: number, seconds: number): Promise<PhaseResult> {
  log(`(b) kill one of two processes mid-load: ${seconds} s at ${rate} req/s`);
  const c = await cluster(pg.url);
  const tally = new Tally();
  try {
    const shop = await setUpShop(c.nginx.url, OPERATOR, tally);
    let ackedAtKill = 0;
    const killer = (async () => {
      await sleep((seconds * 1000) / 3);
      ackedAtKill = tally.ackedOrders.size + tally.ackedClicks.size;
      log(`  SIGKILL pid ${c.servers[1]!.pid}`);
      await c.servers[1]!.kill();
    })();
    const ticker = setInterval(() => progress(tally), 5_000);
    await runTraffic(c.nginx.url, shop, tally, rate, seconds * 1000);
    clearInterval(ticker);
    await killer;
    const ackedAfterKill = tally.ackedOrders.size + tally.ackedClicks.size - ackedAtKill;
    const writes = await verifyWrites(pg.url, shop.id, tally);
    const notes = [`writes acknowledged after the kill, all by the surviving process: ${ackedAfterKill}`, `requests that got no answer or a 502 and were retried with the same ids: ${tally.retries}`];
    return summarize('kill', seconds, tally, writes, notes, ackedAfterKill > 0);
  } finally {
    await c.close();
  }
}

/** (c) The soak's own PostgreSQL is stopped for 10 s a quarter of the way in; `/healthz` must go 503 and come back by itself. */
export async function postgresRestartPhase(pg: OwnPostgres, rate: number, seconds: number): Promise<PhaseResult> {
  log(`(c) PostgreSQL restarted mid-load: ${seconds} s at ${rate} req/s, database down for 10 s`);
  const c = await cluster(pg.url);
  const tally = new Tally();
  try {
    const shop = await setUpShop(c.nginx.url, OPERATOR, tally);
    const seen: { at: number; statuses: number[] }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const statuses = await Promise.all(c.servers.map((s) => fetch(`${s.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0)));
        seen.push({ at: Date.now(), statuses });
        await sleep(250);
      }
    })();
    let stoppedAt = 0;
    let startedAt = 0;
    const outage = (async () => {
      await sleep((seconds * 1000) / 4);
      log('  stopping PostgreSQL (pg_ctl stop -m fast)');
      pg.stop();
      stoppedAt = Date.now();
      await sleep(10_000);
      pg.start();
      startedAt = Date.now();
      log('  PostgreSQL started again');
    })();
    const ticker = setInterval(() => progress(tally), 5_000);
    await runTraffic(c.nginx.url, shop, tally, rate, seconds * 1000);
    clearInterval(ticker);
    await outage;
    await sleep(1_000);
    watching = false;
    await watcher;
    // probes sent after the stop completed and answered before the start began
    const during = seen.filter((s) => s.at > stoppedAt + 2_500 && s.at < startedAt);
    const unhealthySeen = during.length > 0 && during.every((s) => s.statuses.every((x) => x === 503));
    const recovered = seen.find((s) => s.at > startedAt && s.statuses.every((x) => x === 200));
    const writes = await verifyWrites(pg.url, shop.id, tally);
    const notes = [
      `/healthz while the database was down: ${unhealthySeen ? `503 on both processes in all ${during.length} probes` : `NOT all 503 (${JSON.stringify(during.slice(0, 5))})`}`,
      recovered ? `/healthz 200 on both ${((recovered.at - startedAt) / 1000).toFixed(1)} s after PostgreSQL was back, without a restart` : '/healthz did NOT recover',
      `writes refused (5xx) or unanswered during the outage and retried with the same ids: ${tally.retries} retries`,
    ];
    return summarize('postgres-restart', seconds, tally, writes, notes, unhealthySeen && recovered !== undefined);
  } finally {
    await c.close();
  }
}
