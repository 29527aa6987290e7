import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from '../../packages/server/test/scale/child-server';
import { startNginx, type RunningNginx } from '../../packages/server/test/scale/nginx';
import { heapGrowth, takeHeapSnapshot } from './heap';
import type { OwnPostgres } from '../../packages/server/test/pg-own';
import type { OwnRedis } from './redis-instance';
import { Tally, runTraffic, setUpShop } from './traffic';
import { verifyWrites, type WriteCheck } from './verify';

const OPERATOR = 'soak-operator-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const mb = (bytes: number) => Math.round(bytes / 1048576);
export const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

const procText = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
/** Resident set size of `pid`, bytes; 0 once it is gone. */
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(procText(`/proc/${pid}/status`))?.[1] ?? 0) * 1024;
/** The worker processes of a `serve --workers` primary: its children running the bin (not tsx's esbuild service). */
const workersOf = (primary: number) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && procText(`/proc/${p}/stat`).split(') ')[1]?.split(' ')[1] === String(primary))
    .map(Number)
    .filter((p) => {
      const cmd = procText(`/proc/${p}/cmdline`).split('\0').join(' ');
      return cmd.includes('twotier.mjs') && !/esbuild --service=/.test(cmd);
    })
    .sort((a, b) => a - b);

/** What the client saw in a window around one fault. */
export interface FaultWindow {
  name: string;
  /** Seconds from the start of the traffic. */
  at: number;
  /** How long the part was down (or, for the kill, until the new worker listened), s. */
  downSeconds: number;
  fiveXx: number;
  unanswered: number;
  retries: number;
  notes: string[];
  ok: boolean;
}

/** Memory of one process over the run. */
export interface MemorySeries {
  pid: number;
  role: 'primary' | 'worker';
  /** [seconds from the start, RSS bytes] every 5 s while it lived. */
  samples: [number, number][];
  /** Per-minute means over the second half of the run (bytes); empty if it did not live through it. */
  secondHalfMinutes: number[];
  /** (highest − lowest) ÷ lowest of those means, %. */
  spread: number | null;
}

/** What one soak run measured. */
export interface SoakResult {
  seconds: number;
  rate: number;
  workers: number;
  sent: number;
  statuses: Record<string, number>;
  fiveXx: number;
  unanswered: number;
  retries: number;
  /** 5xx and unanswered outside the fault windows: must be none. */
  fiveXxOutsideFaults: number;
  unansweredOutsideFaults: number;
  p50: number;
  p99: number;
  writes: WriteCheck;
  faults: FaultWindow[];
  memory: MemorySeries[];
  heap: string[];
  notes: string[];
  ok: boolean;
}

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};

export interface SoakOptions {
  minutes: number;
  rate: number;
  workers: number;
  faults: Set<string>;
  heapSnapshots: boolean;
}

/** Time after a part is back during which its errors still count as the fault's. */
const SETTLE_MS = 15_000;

/**
 * One run: `twotier serve --workers N` on the soak's own PostgreSQL and Redis,
 * Debian's nginx in front with the configuration of docs/self-hosting.md,
 * mixed traffic at a fixed rate through nginx for the whole run. In the
 * first half: a worker gets SIGKILL (10% in), PostgreSQL is stopped for 10 s
 * (20% in), Redis is stopped for 5 s (35% in). RSS of every process is
 * sampled every 5 s; the second half is the steady state whose memory must
 * stay within 10%. At the end every acknowledged write is looked up.
 */
export async function soakRun(pg: OwnPostgres, redis: OwnRedis, o: SoakOptions): Promise<SoakResult> {
  const durationMs = o.minutes * 60_000;
  const heapDir = mkdtempSync(join(tmpdir(), 'twotier-soak-heap-'));
  const env: Record<string, string> = {
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    TWOTIER_OPERATOR_TOKEN: OPERATOR,
    // two trusted hops: the client writes each visitor's address as an outer proxy (a CDN) would, and nginx appends its own peer
    TWOTIER_TRUST_PROXY: '2',
    ...(process.env.SOAK_SERVE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SOAK_SERVE_NODE_OPTIONS } : {}),
    ...(o.heapSnapshots ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${heapDir}`.trim() } : {}),
  };
  // migrate once with one process, so the workers do not race to create the schema
  await (await startChildServer({ ...env, NODE_OPTIONS: process.env.NODE_OPTIONS ?? '' })).stop();
  const serve: ChildServer = await startChildServer(env, ['--workers', String(o.workers)]);
  let nginx: RunningNginx | null = null;
  const tally = new Tally();
  try {
    const deadline = Date.now() + 60_000;
    while (workersOf(serve.pid).length < o.workers || (serve.output().match(/twotier listening on/g)?.length ?? 0) < o.workers) {
      if (Date.now() > deadline) throw new Error(`${o.workers} workers did not start:\n${serve.output().slice(-2000)}`);
      await sleep(100);
    }
    // the workers share one port: one upstream line
    nginx = await startNginx([serve.url]);
    log(`twotier serve --workers ${o.workers} (primary pid ${serve.pid}, workers ${workersOf(serve.pid).join(', ')}) on ${serve.url}, nginx ${nginx.url} (pid ${nginx.pid}), PostgreSQL :${pg.port}, Redis :${redis.port}`);
    const shop = await setUpShop(nginx.url, OPERATOR, tally);

    const started = Date.now();
    const since = () => (Date.now() - started) / 1000;
    const series = new Map<number, MemorySeries>([[serve.pid, { pid: serve.pid, role: 'primary', samples: [], secondHalfMinutes: [], spread: null }]]);
    const sample = () => {
      for (const pid of [serve.pid, ...workersOf(serve.pid)]) {
        const rss = rssOf(pid);
        if (rss === 0) continue;
        let s = series.get(pid);
        if (!s) series.set(pid, (s = { pid, role: 'worker', samples: [], secondHalfMinutes: [], spread: null }));
        s.samples.push([Math.round(since()), rss]);
      }
    };
    sample();
    const sampler = setInterval(() => {
      sample();
      const live = [...series.values()].filter((s) => s.samples.at(-1)![0] >= since() - 6);
      log(`  ${Math.round(since())} s  sent ${tally.sent}  5xx ${tally.fiveXx}  unanswered ${tally.unanswered}  retries ${tally.retries}  rss ${live.map((s) => `${s.role === 'primary' ? 'P' : ''}${s.pid}:${mb(s.samples.at(-1)![1])}`).join(' ')} MB`);
    }, 5_000);

    const faults: FaultWindow[] = [];
    const window = async (name: string, atFraction: number, act: (notes: string[]) => Promise<{ downMs: number; ok: boolean }>) => {
      await sleep(Math.max(0, started + atFraction * durationMs - Date.now()));
      const before = { fiveXx: tally.fiveXx, unanswered: tally.unanswered, retries: tally.retries, byStatus: new Map(tally.byStatus) };
      const at = since();
      const notes: string[] = [];
      const { downMs, ok } = await act(notes);
      await sleep(SETTLE_MS);
      const errors = [...tally.byStatus].filter(([st, n]) => st >= 500 && n > (before.byStatus.get(st) ?? 0)).map(([st, n]) => `${n - (before.byStatus.get(st) ?? 0)} × ${st}`);
      if (errors.length > 0) notes.push(`5xx in the window: ${errors.join(', ')}`);
      faults.push({ name, at: Math.round(at), downSeconds: Math.round(downMs / 100) / 10, fiveXx: tally.fiveXx - before.fiveXx, unanswered: tally.unanswered - before.unanswered, retries: tally.retries - before.retries, notes, ok });
    };
    const healthz = () => fetch(`${serve.url}/healthz`, { signal: AbortSignal.timeout(3_000) }).then((r) => r.status, () => 0);

    const faultsDone = (async () => {
      if (o.faults.has('kill')) {
        await window('worker killed (SIGKILL)', 0.1, async (notes) => {
          const workersBefore = workersOf(serve.pid);
          const [victim] = workersBefore.slice(-1);
          const listening = serve.output().match(/twotier listening on/g)?.length ?? 0;
          const t0 = Date.now();
          log(`  SIGKILL worker ${victim}`);
          process.kill(victim!, 'SIGKILL');
          while ((serve.output().match(/twotier listening on/g)?.length ?? 0) <= listening && Date.now() - t0 < 60_000) await sleep(50);
          const downMs = Date.now() - t0;
          const now = workersOf(serve.pid);
          const replaced = now.length === o.workers && !now.includes(victim!);
          notes.push(replaced ? `the primary started another worker (pid ${now.filter((p) => !workersBefore.includes(p)).join(', ')}), listening ${(downMs / 1000).toFixed(1)} s after the kill` : `worker NOT replaced: workers now ${now.join(', ')}`);
          return { downMs, ok: replaced };
        });
      }
      if (o.faults.has('pg')) {
        await window('PostgreSQL restarted', 0.2, async (notes) => {
          log('  stopping PostgreSQL (pg_ctl stop -m fast) for 10 s');
          const t0 = Date.now();
          await pg.stop();
          const stoppedAt = Date.now();
          const during: number[] = [];
          while (Date.now() - t0 < 10_000) {
            if (Date.now() - stoppedAt > 2_000) during.push(await healthz());
            await sleep(250);
          }
          pg.start();
          const back = Date.now();
          log('  PostgreSQL started again');
          let recoveredMs: number | null = null;
          while (Date.now() - back < 30_000) {
            const a = await healthz();
            const b = await healthz();
            if (a === 200 && b === 200) {
              recoveredMs = Date.now() - back;
              break;
            }
            await sleep(100);
          }
          const all503 = during.length > 0 && during.every((s) => s === 503);
          notes.push(`/healthz while the database was down: ${all503 ? `503 in all ${during.length} probes` : `NOT all 503: ${during.join(',')}`}`);
          notes.push(recoveredMs === null ? '/healthz did NOT recover within 30 s' : `/healthz 200 again ${(recoveredMs / 1000).toFixed(1)} s after PostgreSQL was back, nothing restarted by hand`);
          return { downMs: back - t0, ok: all503 && recoveredMs !== null };
        });
      }
      if (o.faults.has('redis')) {
        await window('Redis restarted', 0.35, async (notes) => {
          log('  stopping Redis for 5 s');
          const t0 = Date.now();
          await redis.stop();
          await sleep(5_000);
          await redis.start();
          log('  Redis started again');
          notes.push('rate limits are counted in Redis; while it was down each request was let through after at most the limiter timeout (250 ms)');
          return { downMs: Date.now() - t0, ok: true };
        });
      }
    })();

    const heap: string[] = [];
    const snapshots = new Map<number, string[]>();
    const snap = async (label: string) => {
      for (const pid of workersOf(serve.pid)) {
        log(`  heap snapshot (${label}) of worker ${pid}…`);
        const file = await takeHeapSnapshot(pid, heapDir);
        snapshots.set(pid, [...(snapshots.get(pid) ?? []), file]);
      }
    };
    const snapsDone = o.heapSnapshots
      ? (async () => {
          await sleep(Math.max(0, started + 0.5 * durationMs - Date.now()));
          await snap('half-way');
          await sleep(Math.max(0, started + 0.97 * durationMs - Date.now()));
          await snap('end');
        })()
      : Promise.resolve();

    await runTraffic(nginx.url, shop, tally, o.rate, durationMs);
    clearInterval(sampler);
    sample();
    await faultsDone;
    await snapsDone;
    const seconds = Math.round(since());
    if (o.heapSnapshots) {
      for (const [pid, files] of snapshots) {
        if (files.length < 2) continue;
        heap.push(`worker ${pid}, half-way → end:`, ...heapGrowth(files[0]!, files[1]!));
      }
      for (const line of heap) log(line);
    }

    const writes = await verifyWrites(pg.url, shop.id, tally);
    const pgLog = (() => {
      try {
        return readFileSync(join(pg.dataDir, 'server.log'), 'utf8');
      } catch {
        return '';
      }
    })();
    const deadlocks = pgLog.match(/ERROR: {2}deadlock detected/g)?.length ?? 0;
    const half = seconds / 2;
    for (const s of series.values()) {
      const xs = s.samples.filter(([t]) => t >= half);
      const livedThrough = s.samples[0]![0] <= half && s.samples.at(-1)![0] >= seconds - 10;
      if (!livedThrough) continue;
      // one mean per minute, so garbage collection's sawtooth does not count as growth
      for (let j = 0; j < xs.length; j += 12) {
        const w = xs.slice(j, j + 12);
        if (w.length >= 6 || s.secondHalfMinutes.length === 0) s.secondHalfMinutes.push(w.reduce((a, [, r]) => a + r, 0) / w.length);
      }
      const lo = Math.min(...s.secondHalfMinutes);
      s.spread = Math.round(((Math.max(...s.secondHalfMinutes) - lo) / lo) * 1000) / 10;
    }
    const memory = [...series.values()];
    const judged = memory.filter((s) => s.spread !== null);
    const flat = judged.filter((s) => s.role === 'worker').length === o.workers && judged.every((s) => s.spread! <= 10);
    const inFaults = faults.reduce((a, f) => ({ fiveXx: a.fiveXx + f.fiveXx, unanswered: a.unanswered + f.unanswered }), { fiveXx: 0, unanswered: 0 });
    const fiveXxOutsideFaults = tally.fiveXx - inFaults.fiveXx;
    const unansweredOutsideFaults = tally.unanswered - inFaults.unanswered;
    const notes = [
      `deadlocks PostgreSQL detected (each rolls back one transaction, which the server runs again up to 5 times): ${deadlocks}`,
      `memory judged on per-minute mean RSS over the second half (${Math.round(half)}–${seconds} s) of every process alive through it; pass ≤ 10% spread`,
      `a snapshot pauses the worker and the parse of it costs memory: runs with --heap-snapshots are for finding a cause, not for the memory verdict`,
    ];
    if (!o.heapSnapshots) notes.pop();
    const ok = writes.ok && flat && faults.every((f) => f.ok) && fiveXxOutsideFaults === 0 && unansweredOutsideFaults === 0;
    return {
      seconds,
      rate: o.rate,
      workers: o.workers,
      sent: tally.sent,
      statuses: Object.fromEntries([...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n])),
      fiveXx: tally.fiveXx,
      unanswered: tally.unanswered,
      retries: tally.retries,
      fiveXxOutsideFaults,
      unansweredOutsideFaults,
      p50: percentile(tally.latencies, 50),
      p99: percentile(tally.latencies, 99),
      writes,
      faults,
      memory,
      heap,
      notes,
      ok,
    };
  } finally {
    // the servers' log (its last megabyte), for reading what they said during the faults
    const logFile = join(tmpdir(), 'twotier-soak-serve.log');
    writeFileSync(logFile, serve.output());
    log(`the servers' log: ${logFile}`);
    await nginx?.close();
    await serve.stop();
    if (o.heapSnapshots) log(`heap snapshots kept in ${heapDir}`);
    else rmSync(heapDir, { recursive: true, force: true });
  }
}
