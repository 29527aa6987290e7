import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClickBatchMessage, ClickBatchReply, ClickWorkerData, WorkerClickRow } from './click-worker';

/** The main thread's side of the click worker: sends batches, resolves each when its commit is reported. */
export interface ClickWorkerClient {
  write(rows: WorkerClickRow[]): Promise<boolean[]>;
  /** Closes the worker's connection and ends the thread (after the last write was answered). */
  close(): Promise<void>;
}

/**
 * The worker: `click-worker.js` beside the bundle when built; when run from
 * source, `click-worker.ts` beside this file, loaded through tsx (a worker
 * does not inherit the parent's module hooks).
 */
function startThread(data: ClickWorkerData): Worker {
  const options = { workerData: { clickWorker: data } };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./click-worker.js', import.meta.url), options);
  const entry = new URL('./click-worker.ts', import.meta.url).href;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** Starts a worker thread that owns a write connection to `data.file` ({@link ./click-worker}). */
export function startClickWorker(data: ClickWorkerData): ClickWorkerClient {
  const worker = startThread(data);
  worker.unref();
  const pending = new Map<number, { resolve(fresh: boolean[]): void; reject(error: Error): void }>();
  let nextId = 1;
  let failed: Error | null = null;
  const failAll = (error: Error) => {
    failed = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: ClickBatchReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if ('error' in reply) p.reject(new Error(`click batch not written: ${reply.error}`));
    else p.resolve(reply.fresh);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`click writer thread exited (${code})`)));
  return {
    write(rows) {
      if (failed) return Promise.reject(failed);
      return new Promise<boolean[]>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, rows } satisfies ClickBatchMessage);
      });
    },
    async close() {
      if (failed) return;
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ close: true });
      await exited;
    },
  };
}
