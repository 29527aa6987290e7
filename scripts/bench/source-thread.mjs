// The app child's server thread (server-harness.ts, as `twotier serve` runs its server): loads the
// source as the child's `--conditions=@twotier/source --import tsx` does for its main thread,
// which tsx does not do for worker threads, then runs the harness again in this thread.
import { register } from 'node:module';

(await import(import.meta.resolve('tsx/cjs/api'))).register();
(await import(import.meta.resolve('tsx/esm/api'))).register();
register('data:text/javascript,export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, "@twotier/source"] }); }');
await import(new URL('./server-harness.ts', import.meta.url).href);
