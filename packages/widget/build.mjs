// Builds the script tag: dist/twotier.js (the loader, a classic script) and the
// lazily imported chunks dist/track-<hash>.js (tracking runtime, only on pages
// with a referral) and dist/panel-<hash>.js (the share panel). Fails when a size
// budget is exceeded; writes dist/sizes.json for the benchmark.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
/** Budgets in bytes, minified and gzipped (level 9): budgets.json, also exported by the package. */
const BUDGETS = JSON.parse(readFileSync(join(root, 'budgets.json'), 'utf8'));

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: 'es2022',
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
  // The poster's canvas code is imported by the panel on demand: its own chunk.
  splitting: true,
  chunkNames: '[name]-[hash]',
  outdir: 'dist',
  entryNames: '[name]-[hash]',
  metafile: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
});
// Minified code has newlines only inside template literals (htm templates, CSS); drop their
// indentation. A newline is kept, so htm's whitespace rules see the same text.
for (const file of Object.keys(chunks.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  const path = join(root, file);
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\n[ \t]+/g, '\n'));
}
const files = {};
for (const [file, out] of Object.entries(chunks.metafile.outputs)) {
  if (!file.endsWith('.js')) continue;
  const name = basename(file).split('-')[0];
  if (files[name]) throw new Error(`two chunks named ${name}: ${files[name]}, ${file}`);
  files[name] = file;
}

await build({
  ...common,
  entryPoints: ['src/loader/index.ts'],
  format: 'iife',
  outfile: 'dist/twotier.js',
  define: { __CHUNKS__: JSON.stringify({ panel: './' + basename(files.panel), track: './' + basename(files.track) }) },
});

// The package entry for bundlers (types and budgets), with its declarations.
await build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/index.js', bundle: true, minify: false });
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  writeFileSync(join(dist, 'index.d.ts'), "export * from './types/widget/src/index';\n");
}

const gz = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
const sizes = {
  loader: { file: 'twotier.js', gzip: gz('dist/twotier.js'), budget: BUDGETS.loader },
  track: { file: basename(files.track), gzip: gz(files.track), budget: BUDGETS.track },
  panel: { file: basename(files.panel), gzip: gz(files.panel), budget: BUDGETS.panel },
  poster: { file: basename(files.poster), gzip: gz(files.poster), budget: BUDGETS.poster },
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
