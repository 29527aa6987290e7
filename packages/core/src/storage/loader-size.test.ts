import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// esbuild is not a dependency of core; it comes with tsup, which is.
const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup/package.json'))('esbuild') as {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
};

/**
 * What the script tag's landing path takes from core: the loader reads the
 * code, reads what is kept (keptValue, writing back what one place lost) and
 * keeps values (keepValue); the tracking chunk makes ids. Not the whole store.
 * The landing's whole budget is in packages/widget/budgets.json; this part is
 * held to the number below so it cannot grow unseen.
 */
const LOADER_IMPORTS = ['readReferralCode', 'keptValue', 'keepValue', 'createVisitorId'];
// The whole store with its engines was 1,212 bytes here, keepReferral 739 (in the tracking chunk);
// keptValue and keepValue are what a landing needs.
const BUDGET_GZIP_BYTES = 680;

describe('landing part of core', () => {
  it(`bundles to at most ${BUDGET_GZIP_BYTES} bytes min+gzip, without zod`, async () => {
    const result = await esbuild.build({
      stdin: {
        contents: `export { ${LOADER_IMPORTS.join(', ')} } from './index';`,
        resolveDir: dirname(dirname(fileURLToPath(import.meta.url))),
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2020',
      write: false,
      conditions: ['@twotier/source'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    const gzip = gzipSync(code, { level: 9 }).length;
    expect(code).not.toMatch(/zod|ZodError/);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
