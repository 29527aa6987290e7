/**
 * What the server benchmarks share: the child processes they measure (a bare
 * `node:http` server, the twotier server; nginx is started by the caller), an
 * autocannon run with a fresh body per request, CPU accounting from /proc,
 * and side-by-side runs that alternate a baseline and a candidate in short
 * slices, so a slow spell of a shared machine falls on both.
 *
 * Run as `--child bare|app <db> [behind-nginx]` it is the child.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createVisitorId } from '../../packages/core/src/storage/visitor-id';

const root = join(import.meta.dirname, '../..');
export const serverDir = join(root, 'packages/server');
export const requireServer = createRequire(join(serverDir, 'package.json'));
export const OPERATOR = 'bench-operator-token';
export const ORIGIN = 'https://shop.example';

/** One autocannon run, or several summed. */
export interface LoadFigures {
  reqPerSec: number;
  /** 2xx answers per CPU second the server process used (fair on a shared, busy machine). */
  perCpuSec: number;
  p99Ms: number;
  ok: number;
  errors: number;
  /** CPU seconds the measured processes used. */
  cpuSec: number;
}

// ---- child process: the bare server or the app -------------------------------------------
if (process.argv[2] === '--child') {
  const kind = process.argv[3];
  // the bare server exits on SIGTERM (so --cpu-prof writes); the app stops gracefully on its own
  if (kind !== 'app') process.once('SIGTERM', () => process.exit(0));
  if (kind === 'bare') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          res.writeHead(204).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const a = server.address() as { port: number };
      process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${a.port}` })}\n`);
    });
  } else {
    // the app runs as `twotier serve` runs its server: on a thread of this process with the larger young generation
    const thread = (await import(pathToFileURL(join(serverDir, 'src/serve-thread.ts')).href)) as typeof import('../../packages/server/src/serve-thread');
    if (!thread.isServeThread()) process.exit(await thread.serveInThread(process.argv.slice(2), new URL('./source-thread.mjs', import.meta.url)));
    thread.receiveSignals();
    const { startServer, createLogger } = (await import(pathToFileURL(join(serverDir, 'src/node.ts')).href)) as typeof import('../../packages/server/src/node');
    // the request log on, as `twotier serve > file` writes it: one JSON line per request
    const log = join(tmpdir(), `twotier-bench-${process.pid}.log`);
    process.on('exit', () => rmSync(log, { force: true }));
    const server = await startServer({
      databaseUrl: process.argv[4]!,
      port: 0,
      hostname: '127.0.0.1',
      rateLimiter: false,
      operatorToken: OPERATOR,
      settleEveryMs: 0,
      trustProxy: process.argv[5] === 'behind-nginx',
      logger: createLogger(openSync(log, 'a')),
    });
    process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  }
}

// ---- parent -------------------------------------------------------------------------------
/** Starts a child (see the file comment) and resolves once it listens. */
export function startChild(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const proc = spawn(process.execPath, [...profile, '--conditions=@twotier/source', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...args], {
    cwd: serverDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ proc, url: (JSON.parse(line) as { url: string }).url });
    });
    proc.once('exit', (code) => reject(new Error(`bench child exited with ${code}`)));
  });
}

/** SIGTERM, then waits for the exit. */
export const stop = (proc: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });

/** POSTs JSON, throwing on a non-2xx answer. */
export async function json(url: string, path: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** CPU seconds (user + system) the processes have used so far, from /proc (Linux); 0 elsewhere. */
function cpuSeconds(pids: (number | undefined)[]): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // not running or not Linux
    }
  }
  return sum;
}

/** A load to send: where, which headers, a fresh body per request. */
export interface Target {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: (n: number) => unknown;
  /** The server processes whose CPU is counted. */
  pids: (number | undefined)[];
}

/** Requests sent by this process so far: every body gets a number never used before, so no request of a run repeats another. */
let sent = 0;

/** Runs autocannon against `t` for `durationSec`. */
export async function load(t: Target, durationSec: number, connections: number): Promise<LoadFigures> {
  const cpuBefore = cpuSeconds(t.pids);
  const autocannon = requireServer('autocannon') as typeof import('autocannon');
  const result = await autocannon({
    url: `${t.url}${t.path}`,
    method: 'POST',
    connections,
    duration: durationSec,
    headers: t.headers,
    requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify(t.body(sent++)) }) }],
  });
  const cpuSec = cpuSeconds(t.pids) - cpuBefore;
  return { reqPerSec: result.requests.mean, perCpuSec: cpuSec > 0 ? result['2xx'] / cpuSec : 0, p99Ms: result.latency.p99, ok: result['2xx'], errors: result.errors + result.non2xx, cpuSec };
}

/** Several runs as one: mean req/s, 2xx per CPU second over all, the worst p99. */
export function combine(runs: LoadFigures[]): LoadFigures {
  const ok = runs.reduce((s, r) => s + r.ok, 0);
  const cpuSec = runs.reduce((s, r) => s + r.cpuSec, 0);
  return {
    reqPerSec: runs.reduce((s, r) => s + r.reqPerSec, 0) / runs.length,
    perCpuSec: cpuSec > 0 ? ok / cpuSec : 0,
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    ok,
    errors: runs.reduce((s, r) => s + r.errors, 0),
    cpuSec,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A candidate beside its baseline, measured in alternating slices. */
export interface SideBySide {
  baseline: LoadFigures;
  candidate: LoadFigures;
  /** Median over the slices of candidate req/s ÷ the baseline's in the slice before it. */
  ratio: number;
  /** Each slice's ratio, in order (their spread shows how steady the machine was). */
  ratios: number[];
  /** The same for 2xx per server CPU second. */
  cpuRatio: number;
  rounds: number;
  sliceSec: number;
}

/** Alternates baseline and candidate, `rounds` slices of `sliceSec` each. */
export async function sideBySide(baseline: Target, candidate: Target, rounds: number, sliceSec: number, connections: number): Promise<SideBySide> {
  const a: LoadFigures[] = [];
  const b: LoadFigures[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(await load(baseline, sliceSec, connections));
    b.push(await load(candidate, sliceSec, connections));
  }
  const ratios = b.map((r, i) => r.reqPerSec / a[i]!.reqPerSec);
  return {
    baseline: combine(a),
    candidate: combine(b),
    ratio: median(ratios),
    ratios,
    cpuRatio: median(b.map((r, i) => (a[i]!.perCpuSec > 0 ? r.perCpuSec / a[i]!.perCpuSec : 0))),
    rounds,
    sliceSec,
  };
}

/** A shop with a two-level chain (`parent` recruited `child`). */
export async function setupShop(url: string) {
  const shop = await json(url, '/v1/shops', { name: 'Bench', currency: 'CNY', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` });
  const sk = { authorization: `Bearer ${shop.secretKey}` };
  const parent = await json(url, '/v1/distributors', { name: 'Parent', code: 'parent' }, sk);
  await json(url, '/v1/distributors', { name: 'Child', code: 'child', parentCode: parent.code }, sk);
  return { id: shop.id as string, pk: shop.publishableKey as string, sk };
}

export const run = randomBytes(4).toString('hex');

/**
 * Browser ids in the widget's format (@twotier/core's `createVisitorId`: 8
 * characters of the time, 13 random ones), made cheaply: the time part once
 * per millisecond, the random part from 65,536 made up front and taken in
 * turn (an id repeats only if 65,536 are made within one millisecond). The
 * load generator shares the machine with the servers it measures, so a body
 * must cost it no more than the old fixed-pattern ones did.
 */
let suffixes: string[] | null = null;
let next = 0;
let prefixAt = -1;
let prefix = '';
const widgetId = (): string => {
  suffixes ??= Array.from({ length: 1 << 16 }, () => createVisitorId().slice(8));
  const now = Date.now();
  if (now !== prefixAt) [prefixAt, prefix] = [now, createVisitorId(now).slice(0, 8)];
  return prefix + suffixes[next++ & 0xffff];
};

/**
 * Clicks of `child`'s link as the widget sends them: every click a new event
 * id; 3 clicks in 4 from a new visitor, 1 in 4 from a returning one drawn at
 * random from every visitor of this generator so far (so it lands anywhere
 * in the visitor index, not only among recent visitors).
 */
export const clickBody = (pk: string) => {
  const visitors: string[] = [];
  return (n: number) => {
    let visitorId: string;
    if (n % 4 === 3 && visitors.length > 0) visitorId = visitors[Math.floor(Math.random() * visitors.length)]!;
    else visitors.push((visitorId = widgetId()));
    return { key: pk, code: 'child', visitorId, eventId: widgetId(), url: 'https://shop.example/tea' };
  };
};

/** `POST /v1/track/click` on `url` with {@link clickBody}'s clicks for the shop `pk`, as a browser on the shop's origin sends them; CPU counted for `pids`. */
export const clickTarget = (url: string, pk: string, pids: (number | undefined)[]): Target => ({
  url,
  path: '/v1/track/click',
  headers: { 'content-type': 'text/plain', origin: ORIGIN },
  pids,
  body: clickBody(pk),
});

/** Distributor chains the bench's orders spread over (`c0`…: each a child recruited by its own parent, so two commissions). */
export const CHAINS = 200;
/** The few hot chains (`c0`…`c3`), which take half of all orders between them. */
export const HOT_CHAINS = 4;

/** Adds {@link CHAINS} two-level chains (`p<i>` recruited `c<i>`) to a shop, a few requests at a time. */
export async function setupChains(url: string, sk: Record<string, string>): Promise<void> {
  const one = async (i: number) => {
    await json(url, '/v1/distributors', { name: `Parent ${i}`, code: `p${i}` }, sk);
    await json(url, '/v1/distributors', { name: `Child ${i}`, code: `c${i}`, parentCode: `p${i}` }, sk);
  };
  for (let i = 0; i < CHAINS; i += 8) await Promise.all(Array.from({ length: Math.min(8, CHAINS - i) }, (_, k) => one(i + k)));
}

const CATALOGUE = [
  { sku: 'tea-longjing', category: 'tea', unitPrice: 12_800 },
  { sku: 'tea-pu-erh', category: 'tea', unitPrice: 9_600 },
  { sku: 'tea-oolong', category: 'tea', unitPrice: 7_200 },
  { sku: 'cup', category: 'ware', unitPrice: 3_900 },
  { sku: 'teapot', category: 'ware', unitPrice: 18_800 },
  { sku: 'tray', category: 'ware', unitPrice: 6_500 },
  { sku: 'gift-box', category: 'gift', unitPrice: 2_000 },
];

/**
 * Orders as real traffic sends them: each through one of {@link CHAINS}
 * chains (half of them through the {@link HOT_CHAINS} hot ones, the rest
 * spread evenly), 1–5 lines, and a customer with an id and an email: 4 in 5
 * new, 1 in 5 returning (drawn from every customer of this generator so
 * far), so the server pays the customer and binding lookups real orders pay.
 */
export const orderBody = (prefix: string) => {
  const customers: string[] = [];
  return (n: number) => {
    const chain = Math.random() < 0.5 ? Math.floor(Math.random() * HOT_CHAINS) : Math.floor(Math.random() * CHAINS);
    let customer: string;
    if (n % 5 === 4 && customers.length > 0) customer = customers[Math.floor(Math.random() * customers.length)]!;
    else customers.push((customer = `${prefix}-${run}-cust-${n}`));
    const lines = 1 + Math.floor(Math.random() * 5);
    const first = Math.floor(Math.random() * CATALOGUE.length);
    return {
      id: `${prefix}-${run}-${n}`,
      currency: 'CNY',
      referralCode: `c${chain}`,
      customer: { id: customer, email: `${customer}@example.com` },
      items: Array.from({ length: lines }, (_, i) => ({ ...CATALOGUE[(first + i) % CATALOGUE.length]!, quantity: 1 + ((n + i) % 3) })),
    };
  };
};
