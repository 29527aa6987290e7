// Sizes of the last build (dist/sizes.json) next to their budgets; `node sizes.mjs` prints them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `{ loader, track, panel, poster }`, each `{ file, gzip, budget }` in bytes (min+gzip). */
export function sizes() {
  return JSON.parse(readFileSync(new URL('./dist/sizes.json', import.meta.url), 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, s] of Object.entries(sizes())) {
    console.log(`${name.padEnd(6)} ${String(s.gzip).padStart(6)} B min+gzip  budget ${s.budget} B  ${s.gzip <= s.budget ? 'ok' : 'OVER'}`);
  }
}
