// Builds what the tracking server serves besides its API: the script tag (packages/widget/dist)
// and the admin dashboard (packages/server/dist-admin). Run by `pnpm install` (the root `prepare`
// script), so a fresh clone's `twotier serve` answers /twotier.js and /admin at once. Both are
// esbuild bundles: a second or two. A failure is printed loudly but does not fail the install
// (the server then answers 503 with the command to run); `--strict` makes it fail.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
  ['the script tag', 'packages/widget/build.mjs', ['--no-types']],
  ['the admin dashboard', 'packages/server/admin-ui/build.mjs', []],
];
const strict = process.argv.includes('--strict');
let failed = 0;
for (const [label, script, args] of steps) {
  const started = Date.now();
  try {
    execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    console.log(`[twotier] built ${label} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    console.error(`[twotier] could not build ${label}: node ${script}\n${output || error.message}`);
  }
}
if (failed && strict) process.exit(1);
