import cluster from 'node:cluster';
import { isMainThread } from 'node:worker_threads';
import { serveCluster, workersRequest } from './serve-cluster';
import { isServeThread, receiveSignals, serveInThread } from './serve-thread';

// Entry of the `twotier` command. `serve` runs its server on a thread of this process with a
// larger young generation (serve-thread.ts), so this thread loads no more than it needs for that;
// every other command runs here. With `--workers N` it is the primary of N processes that each run
// `serve` on their main thread (serve-cluster.ts).
const args = process.argv.slice(2);
const help = args.includes('--help') || args.includes('-h');
if (isServeThread()) receiveSignals();
const run = isMainThread && args[0] === 'serve' && !help && !cluster.isWorker ? serve(args) : import('./cli').then(({ main }) => main(args));

/**
 * `twotier serve`: on a thread of this process, or with `--workers N` as the
 * primary of N worker processes (serve-cluster.ts), each of which runs
 * `serve` on its main thread (the branch above: `cluster.isWorker`).
 */
async function serve(args: string[]): Promise<number> {
  const workers = workersRequest(args);
  return workers ? serveCluster(workers) : serveInThread(args);
}
run.then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
