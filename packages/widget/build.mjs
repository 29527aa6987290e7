// Builds the script tag: dist/twotier.js (the loader, a classic script) and the
// lazily imported chunks dist/track-<hash>.js (tracking runtime, only on pages
// with a referral) and dist/panel-<hash>.js (the share panel). Fails when a size
// budget is exceeded; writes dist/sizes.json for the benchmark.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
/** Budgets in bytes, minified and gzipped (level 9). */
export const BUDGETS = { loader: 1536, track: 3072, panel: 15360 };

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: 'es2020',
  conditions: ['@twotier/source'],
  logLevel: 'warning',
  absWorkingDir: root,
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const chunks = await build({
  ...common,
  entryPoints: { panel: 'src/panel/index.ts', track: 'src/loader/boot.ts' },
  format: 'esm',
  splitting: false,
  outdir: 'dist',
  entryNames: '[name]-[hash]',
  metafile: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
});
const files = {};
for (const [file, out] of Object.entries(chunks.metafile.outputs)) {
  if (out.entryPoint) files[out.entryPoint.includes('panel') ? 'panel' : 'track'] = file;
}

await build({
  ...common,
  entryPoints: ['src/loader/index.ts'],
  format: 'iife',
  outfile: 'dist/twotier.js',
  define: { __CHUNKS__: JSON.stringify({ panel: './' + basename(files.panel), track: './' + basename(files.track) }) },
});

const gz = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
const sizes = {
  loader: { file: 'twotier.js', gzip: gz('dist/twotier.js'), budget: BUDGETS.loader },
  track: { file: basename(files.track), gzip: gz(files.track), budget: BUDGETS.track },
  panel: { file: basename(files.panel), gzip: gz(files.panel), budget: BUDGETS.panel },
};
writeFileSync(join(dist, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');

let over = false;
for (const [name, s] of Object.entries(sizes)) {
  const ok = s.gzip <= s.budget;
  over ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(6)} ${s.file.padEnd(24)} ${String(s.gzip).padStart(6)} B min+gzip  (budget ${s.budget} B)`);
}
if (over) {
  console.error('[widget] size budget exceeded');
  process.exit(1);
}
