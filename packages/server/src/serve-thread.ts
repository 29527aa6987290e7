import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

/**
 * Semi-space size (MB) of the heap `twotier serve` runs its server on; Node's
 * default is 16 MB on 64-bit. Each request leaves short-lived objects (the
 * request, its body, the log line): with 64 MB they die young with fewer
 * scavenges. Two servers alternating slices at 200 connections, the request
 * log on: 1.12× the clicks/s, where an A/A run of the same harness shows
 * 1.03× (so about 1.09×); peak resident memory under that load 263 MB
 * instead of 182 MB. Measured with `--max-semi-space-size=64`, which gives
 * the same heap: in either case the new space grows to 2 × 64 MB.
 */
export const SERVE_SEMI_SPACE_MB = 64;

/** V8's young generation is three semi-spaces: the two of the scavenger, and a new large-object space as big as one. */
const YOUNG_GENERATION_MB = 3 * SERVE_SEMI_SPACE_MB;

/** What the main thread posts to the server thread: the signal it received. */
interface SignalMessage {
  signal: 'SIGTERM' | 'SIGINT';
}

/** The bin: in a checkout it loads the source through tsx, in the published package the build. */
const DEFAULT_ENTRY = new URL('../bin/twotier.mjs', import.meta.url);

/** Whether this thread is the server thread {@link serveInThread} started. */
export function isServeThread(): boolean {
  return !isMainThread && (workerData as { twotierServe?: unknown } | null)?.twotierServe === true;
}

/**
 * Runs `twotier <args>` (a `serve` command) on a worker thread of this same
 * process, whose heap has {@link SERVE_SEMI_SPACE_MB} semi-spaces. A Node
 * flag can only size the heap of a new isolate: `v8.setFlagsFromString`
 * after start leaves the new space at Node's default (measured), and a
 * second process to carry the flag outlives a `kill -9` of the first. A
 * thread dies with its process, so the process that was started is the
 * server: its PID is the one to signal, and SIGKILL takes it all down.
 *
 * SIGTERM and SIGINT are passed to the thread, which stops gracefully;
 * resolves with the thread's exit code. `--max-semi-space-size` given on
 * the command line or in `NODE_OPTIONS` still wins (V8 applies the flag
 * after the thread's limits).
 *
 * @example
 * if (isMainThread && argv[0] === 'serve') process.exit(await serveInThread(argv));
 */
export function serveInThread(args: string[], entry: URL = DEFAULT_ENTRY): Promise<number> {
  const worker = new Worker(entry, {
    argv: args,
    workerData: { twotierServe: true },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const relay = (signal: SignalMessage['signal']) => () => worker.postMessage({ signal } satisfies SignalMessage);
  const onTerm = relay('SIGTERM');
  const onInt = relay('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  let failed = false;
  return new Promise((resolve) => {
    // an error the thread did not handle (a port in use, a database it cannot open) ends it with code 1
    worker.on('error', (error) => {
      failed = true;
      process.stderr.write(`${error?.message ?? String(error)}\n`);
    });
    worker.on('exit', (code) => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve(failed && code === 0 ? 1 : code);
    });
  });
}

/** Exit codes of a thread stopped by a signal before the server handles it: 128 + the signal's number, as shells report. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * In the server thread: a signal the main thread passes on is emitted on
 * this thread's `process`, where the server's SIGTERM/SIGINT handlers
 * (see `startServer`) stop it gracefully. Signals themselves reach only the
 * main thread. Before the server handles them (while it opens and migrates
 * the database) a signal ends the thread, as it would end a process.
 */
export function receiveSignals(): void {
  parentPort?.on('message', (message: SignalMessage) => {
    const signal = message?.signal;
    if (signal !== 'SIGTERM' && signal !== 'SIGINT') return;
    if (process.listenerCount(signal) === 0) process.exit(SIGNAL_EXIT[signal]);
    process.emit(signal);
  });
  parentPort?.unref(); // the server's own handles keep the thread alive, not this channel
}
