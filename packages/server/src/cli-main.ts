import { isMainThread } from 'node:worker_threads';
import { isServeThread, receiveSignals, serveInThread } from './serve-thread';

// Entry of the `twotier` command. `serve` runs its server on a thread of this process with a
// larger young generation (serve-thread.ts), so this thread loads no more than it needs for that;
// every other command runs here.
const args = process.argv.slice(2);
const help = args.includes('--help') || args.includes('-h');
if (isServeThread()) receiveSignals();
const run = isMainThread && args[0] === 'serve' && !help ? serveInThread(args) : import('./cli').then(({ main }) => main(args));
run.then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
