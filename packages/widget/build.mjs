// Builds the script tag: dist/twotier.js (the loader, a classic script) and the
// lazily imported chunks dist/track-<hash>.js (tracking runtime, only on pages
// with a referral), dist/panel-<hash>.js (the share panel),
// dist/poster-<hash>.js (the canvas poster, on demand) and
// dist/shopify-<hash>.js (the referral into a Shopify cart, only on Shopify storefronts). Fails when a size budget
// is exceeded; writes dist/sizes.json for the benchmark (`node sizes.mjs` prints it).
// Files are replaced atomically and never deleted first, so a page or test
// reading dist/ while another build runs always sees a whole build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
/** Budgets in bytes, minified and gzipped (level 9): budgets.json, also exported by the package. */
const BUDGETS = JSON.parse(readFileSync(join(root, 'budgets.json'), 'utf8'));

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  conditions: ['@twotier/source'],
  logLevel: 'warning',
  absWorkingDir: root,
  write: false,
};

mkdirSync(dist, { recursive: true });
/** Writes `text` to dist/`name` through a temporary file and a rename. */
const put = (name, text) => {
  const tmp = join(dist, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dist, name));
};

const chunks = await build({
  ...common,
  entryPoints: { panel: 'src/panel/index.ts', track: 'src/loader/boot.ts' },
  format: 'esm',
  target: 'es2022',
  // The poster's canvas code is imported by the panel on demand, the Shopify cart code by the
  // tracking runtime on Shopify storefronts only: each its own chunk.
  splitting: true,
  chunkNames: '[name]-[hash]',
  entryNames: '[name]-[hash]',
  outdir: 'dist',
});
const out = {};
const files = {};
for (const f of chunks.outputFiles) {
  const name = basename(f.path);
  const kind = name.split('-')[0];
  if (files[kind]) throw new Error(`two chunks named ${kind}: ${files[kind]}, ${name}`);
  files[kind] = name;
  // Minified code has newlines only inside template literals (htm templates, CSS): drop their
  // indentation. A newline is kept, so htm's whitespace rules see the same text.
  out[name] = f.text.replace(/\n[ \t]+/g, '\n');
}

const loader = await build({
  ...common,
  entryPoints: ['src/loader/script-tag.ts'],
  format: 'iife',
  // The loader runs on every page: the widest reach (import() itself is ES2020).
  target: 'es2020',
  outfile: 'dist/twotier.js',
  // Only the chunks the loader itself imports (the others are imported by those chunks).
  define: { __CHUNKS__: JSON.stringify(Object.fromEntries(['track', 'panel'].map((k) => [k, './' + files[k]]))) },
});
out['twotier.js'] = loader.outputFiles[0].text;

// The package entry for bundlers (types and budgets).
const entry = await build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', target: 'es2020', outfile: 'dist/index.js', minify: false });
out['index.js'] = entry.outputFiles[0].text;

const gz = (name) => gzipSync(out[name], { level: 9 }).length;
const sizes = Object.fromEntries(
  [['loader', 'twotier.js'], ...['track', 'panel', 'poster', 'shopify'].map((k) => [k, files[k]])].map(([k, file]) => [k, { file, gzip: gz(file), budget: BUDGETS[k] }]),
);

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

// Chunks first, then the loader that names them, then the report.
for (const name of Object.keys(out).sort((a, b) => (a === 'twotier.js') - (b === 'twotier.js'))) put(name, out[name]);
put('sizes.json', JSON.stringify(sizes, null, 2) + '\n');
const keep = new Set(Object.values(files));
for (const name of readdirSync(dist)) if (/^(track|panel|poster|shopify)-\w+\.js$/.test(name) && !keep.has(name)) rmSync(join(dist, name), { force: true });

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  put('index.d.ts', "export * from './types/widget/src/index';\n");
}
