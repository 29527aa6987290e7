#!/usr/bin/env node
// The twotier command, in this one process: the published package runs the built CLI; in the
// source tree it runs src/cli-main.ts through tsx, registered here with the @twotier/source
// condition. `twotier serve` runs this file again as its server thread (src/serve-thread.ts).
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli-main.js');
// In the source tree (src/ present: a checkout, not the published package) run the source, so a stale build never answers.
const useBuild = existsSync(built) && !existsSync(join(root, 'src', 'cli.ts'));

if (useBuild) {
  await import(pathToFileURL(built).href);
} else {
  // what `node --import tsx --conditions=@twotier/source` sets up, in this thread (also the server thread)
  (await import(import.meta.resolve('tsx/cjs/api'))).register();
  (await import(import.meta.resolve('tsx/esm/api'))).register();
  // registered after tsx, so it runs first and tsx resolves with the condition too
  register('data:text/javascript,export function resolve(s, c, next) { return next(s, { ...c, conditions: [...c.conditions, "@twotier/source"] }); }');
  await import(pathToFileURL(join(root, 'src', 'cli-main.ts')).href);
}
