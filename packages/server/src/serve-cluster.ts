import cluster, { type Worker } from 'node:cluster';
import { parseArgs } from 'node:util';
import { SERVE_SEMI_SPACE_MB } from './serve-thread';

/** The bin, run again as each worker: in a checkout it loads the source through tsx, in the published package the build. */
const DEFAULT_ENTRY = new URL('../bin/twotier.mjs', import.meta.url);

/** Restart delays while workers keep dying: the first at once, then doubling from 0.5 s up to 30 s. */
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** Deaths within this window count towards the backoff. */
const CRASH_WINDOW_MS = 60_000;

/** What `--workers` asks for: null without the flag. */
export interface WorkersRequest {
  workers: number;
  /** The `serve` arguments without `--workers`, as each worker runs them. */
  serveArgs: string[];
  databaseUrl: string;
}

/**
 * Reads `--workers N` (or `--workers=N`) from `twotier serve`'s arguments;
 * null when it is not there. Throws on a value that is not 1 to 64.
 */
export function workersRequest(args: string[], env: NodeJS.ProcessEnv = process.env): WorkersRequest | null {
  const { tokens } = parseArgs({ args, strict: false, allowPositionals: true, tokens: true });
  const flag = tokens.find((t) => t.kind === 'option' && t.name === 'workers');
  if (!flag || flag.kind !== 'option') return null;
  const serveArgs = [...args];
  let value = flag.value;
  if (flag.inlineValue) serveArgs.splice(flag.index, 1);
  else {
    // strict: false reads `--workers 2` as a boolean flag and `2` as a positional
    const next = args[flag.index + 1];
    value = next;
    serveArgs.splice(flag.index, next === undefined ? 1 : 2);
  }
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`--workers must be a whole number from 1 to 64, got ${value ?? '(nothing)'}`);
  const db = tokens.find((t) => t.kind === 'option' && t.name === 'db');
  const dbValue = db?.kind === 'option' ? (db.inlineValue ? db.value : args[db.index + 1]) : undefined;
  return { workers, serveArgs, databaseUrl: env.DATABASE_URL || dbValue || './twotier.db' };
}

/** One JSON log line, in the shape of the server's (pino) lines. */
function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const levels = { info: 30, warn: 40, error: 50 };
  process.stdout.write(`${JSON.stringify({ level: levels[level], time: Date.now(), service: 'twotier', role: 'primary', pid: process.pid, ...fields, msg })}\n`);
}

/**
 * `twotier serve --workers N`: this process is the cluster's primary. It
 * forks N worker processes, each running `twotier serve` with the same
 * arguments on its main thread (with `--max-semi-space-size`, the young
 * generation a single `serve` gives its server thread), all sharing the
 * port through node:cluster. A worker that dies is forked again, at once
 * the first time, then with a doubling delay while workers keep dying
 * within a minute. SIGTERM/SIGINT are passed on to every worker as SIGTERM
 * (a graceful stop) and the primary exits when they have. If the primary
 * dies, its workers' IPC channel closes and node:cluster ends them at once.
 *
 * PostgreSQL only: throws for an SQLite database, with the reason.
 *
 * @example
 * const request = workersRequest(argv);
 * if (request) process.exit(await serveCluster(request));
 */
export function serveCluster(request: WorkersRequest, entry: URL = DEFAULT_ENTRY): Promise<number> {
  if (!/^postgres(ql)?:\/\//.test(request.databaseUrl)) {
    throw new Error(
      '--workers needs PostgreSQL (DATABASE_URL=postgres://…): SQLite takes one writer at a time, so several processes on one ' +
        'SQLite file would queue on its write lock instead of sharing the work, and each would lose the batching one process ' +
        'gets from seeing every write. Run one `twotier serve` on SQLite, or move to PostgreSQL (docs/self-hosting.md).',
    );
  }
  const nodeOptions = process.env.NODE_OPTIONS ?? '';
  const semiSpaceSet = [...process.execArgv, nodeOptions].some((a) => a.includes('--max-semi-space-size'));
  cluster.setupPrimary({
    exec: entry.pathname,
    args: request.serveArgs,
    execArgv: [...process.execArgv, ...(semiSpaceSet ? [] : [`--max-semi-space-size=${SERVE_SEMI_SPACE_MB}`])],
  });

  let stopping = false;
  let everListened = false;
  let exitCode = 0;
  const deaths: number[] = [];
  const live = new Set<Worker>();
  let pendingForks = 0;
  let resolveDone: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const finishIfIdle = () => {
    if (stopping && live.size === 0 && pendingForks === 0) resolveDone(exitCode);
  };

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once('listening', () => (everListened = true));
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) {
        log(code === 0 ? 'info' : 'warn', `worker ${worker.process.pid} stopped (${signal ?? `code ${code}`})`, { worker: worker.process.pid, code, signal });
        // SIGTERM before a worker handles it (still opening the database) ends it as a stop would
        if (code !== 0 && signal !== 'SIGTERM') exitCode = 1;
        finishIfIdle();
        return;
      }
      if (!everListened) {
        // no worker has ever started: a port in use, a database it cannot reach; retrying would only repeat it
        log('error', `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) before listening: stopping`, { worker: worker.process.pid });
        exitCode = 1;
        stop('SIGTERM');
        return;
      }
      const now = Date.now();
      deaths.push(now);
      while (deaths.length > 0 && deaths[0]! < now - CRASH_WINDOW_MS) deaths.shift();
      const delay = deaths.length <= 1 ? 0 : Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (deaths.length - 2));
      log('warn', `worker ${worker.process.pid} died (${signal ?? `code ${code}`}); starting another in ${delay} ms`, { worker: worker.process.pid, code, signal, restartInMs: delay });
      pendingForks++;
      setTimeout(() => {
        pendingForks--;
        if (stopping) finishIfIdle();
        else fork();
      }, delay).unref();
    });
  };

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', `${signal}: stopping ${live.size} workers`, { signal });
    // SIGTERM whatever reached us: a worker may already have had SIGINT from the terminal, and a second SIGINT would end it at once
    for (const worker of live) worker.process.kill('SIGTERM');
    finishIfIdle();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  log('info', `starting ${request.workers} workers`, { workers: request.workers });
  for (let i = 0; i < request.workers; i++) fork();
  return done.finally(() => {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  });
}
