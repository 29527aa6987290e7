import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Builds dist/ once before the widget's tests: the browser tests load the real
 * bundles, and the build exits non-zero (failing the run) when a size budget is exceeded.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../build.mjs'), '--no-types'], { stdio: 'inherit' });
}
