// Builds the script tag: dist/twotier.js (the loader, a classic script) and the
// lazily imported ES module chunks next to it: dist/track-<hash>.js (tracking
// runtime, only on pages with a referral), dist/panel-<hash>.js (the share
// panel's first paint) and the panel's own lazy chunks (poster, picker,
// earnings, …: each `import()` in the panel becomes one, named for its module),
// with esbuild's shared `chunk-<hash>.js` files where two lazy chunks share code.
// Every named chunk needs a budget in budgets.json, counted as its file plus the
// shared files it imports that the panel has not already loaded; `landing` is
// the loader plus the tracking runtime, what a visitor arriving through a
// referral link downloads before any panel. Fails when a budget is exceeded or
// missing; writes dist/sizes.json for the benchmark (`node sizes.mjs` prints it).
// Files are replaced atomically and never deleted first, so a page or test
// reading dist/ while another build runs always sees a whole build.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
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
  metafile: true,
};

mkdirSync(dist, { recursive: true });
/** Writes `text` to dist/`name` through a temporary file and a rename. */
const put = (name, text) => {
  const tmp = join(dist, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, join(dist, name));
};

const out = {};
/** Chunk kind (`panel`, `poster`, …) → its file; the static imports of each file. */
const files = {};
const imports = {};
/** Keeps an output file (`deps`: the files it imports statically). */
const add = (path, text, deps) => {
  const name = basename(path);
  // The server hands out `twotier.js` and `name-HASH.js` only (packages/server/src/widget/widget-files.ts).
  if (!/^[a-z]+-[A-Za-z0-9]{8}\.js$/.test(name)) throw new Error(`${name}: a lazy chunk's module must be named [a-z]+ (the server serves name-HASH.js)`);
  const kind = name.split('-')[0];
  if (kind != 'chunk' && files[kind]) throw new Error(`two chunks named ${kind}: ${files[kind]}, ${name}`);
  if (kind != 'chunk') files[kind] = name;
  // Minified code has newlines only inside template literals (htm templates, CSS): drop their
  // indentation. A newline is kept, so htm's whitespace rules see the same text.
  out[name] = text.replace(/\n[ \t]+/g, '\n');
  imports[name] = deps;
  return name;
};
const staticImports = (o) => o.imports.filter((i) => i.kind == 'import-statement').map((i) => basename(i.path));

// The loader's own lazy chunks, each a whole file (code splitting would move what two of them share
// into a third file that both then wait for): `runtime` (what a landing does not need), `shopify`.
// An `import()` inside one of them becomes a whole file the same way.
const standalone = {};
const whole = (name, entry) =>
  (standalone[entry] ||= build({
    ...common,
    entryPoints: { [name]: entry },
    format: 'esm',
    target: 'es2022',
    entryNames: '[name]-[hash]',
    outdir: 'dist',
    plugins: [
      {
        name: 'lazy-chunks',
        setup(b) {
          b.onResolve({ filter: /^\./ }, async (args) => {
            if (args.kind != 'dynamic-import') return undefined;
            const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: 'import-statement' });
            return { path: './' + (await whole(basename(r.path).replace(/\.ts$/, ''), r.path)), external: true };
          });
        },
      },
    ],
  }).then((r) => add(r.outputFiles[0].path, r.outputFiles[0].text, [])));
/** The chunks the loader imports by name (`load('runtime')`), next to its own file. */
const LOADER_CHUNKS = ['track', 'runtime', 'shopify'];
for (const name of LOADER_CHUNKS) await whole(name, join(root, `src/loader/${name}.ts`));

// The panel and its lazy chunks (poster, picker, …: each `import()` in the panel), with shared files
// where two of them share code; each is counted with the files it imports.
const chunks = await build({
  ...common,
  entryPoints: { panel: 'src/panel/index.ts' },
  format: 'esm',
  target: 'es2022',
  splitting: true,
  chunkNames: '[name]-[hash]',
  entryNames: '[name]-[hash]',
  outdir: 'dist',
});
const panelOutputs = chunks.metafile.outputs;
for (const f of chunks.outputFiles) add(f.path, f.text, staticImports(panelOutputs[relative(root, f.path)]));
/** A file and everything it imports statically (loaded together). */
const closure = (name, seen = new Set()) => (seen.has(name) ? seen : (seen.add(name), imports[name].forEach((n) => closure(n, seen)), seen));

const loader = await build({
  ...common,
  entryPoints: ['src/loader/script-tag.ts'],
  format: 'iife',
  // The loader runs on every page: the widest reach (import() itself is ES2020).
  target: 'es2020',
  // No "use strict" prologue (the loader's code does not depend on it): bytes on every page.
  tsconfigRaw: { compilerOptions: { alwaysStrict: false, strict: false } },
  outfile: 'dist/twotier.js',
  // Only the chunks the loader itself imports (each as `name-HASH`, the loader adds `.js`); the panel imports its own.
  define: { __CHUNKS__: JSON.stringify(Object.fromEntries([...LOADER_CHUNKS, 'panel'].map((k) => [k, files[k].slice(0, -3)]))) },
});
out['twotier.js'] = loader.outputFiles[0].text;

// The package entry for bundlers (types and budgets).
const entry = await build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', target: 'es2020', outfile: 'dist/index.js', minify: false });
out['index.js'] = entry.outputFiles[0].text;

const gz = (name) => gzipSync(out[name], { level: 9 }).length;
const panelFiles = closure(files.panel);
/** Budget name → the files it counts (each its own response, so each gzipped alone). */
const groups = {
  loader: ['twotier.js'],
  // What a visitor arriving through a referral link downloads to be tracked. (The runtime comes
  // only with checkout targets, commands, data-strip or kept events; the panel, for "invited by …",
  // is counted on its own.)
  landing: ['twotier.js', files.track],
  panel: [...panelFiles],
};
for (const [kind, file] of Object.entries(files)) groups[kind] ||= [...closure(file)].filter((n) => !panelFiles.has(n));
const sizes = Object.fromEntries(
  Object.entries(groups).map(([k, names]) => [k, { file: names.join(' + '), gzip: names.reduce((n, f) => n + gz(f), 0), budget: BUDGETS[k] }]),
);

let over = false;
for (const [name, s] of Object.entries(sizes)) {
  const ok = s.budget != null && s.gzip <= s.budget;
  over ||= !ok;
  console.log(`${s.budget == null ? 'NONE' : ok ? 'ok  ' : 'OVER'} ${name.padEnd(8)} ${String(s.gzip).padStart(6)} B min+gzip  (budget ${s.budget ?? 'missing in budgets.json'} B)  ${s.file}`);
}
if (over) {
  console.error(`[widget] size budget ${Object.values(sizes).some((s) => s.budget == null) ? 'missing' : 'exceeded'}`);
  process.exit(1);
}

// Chunks first, then the loader that names them, then the report.
for (const name of Object.keys(out).sort((a, b) => (a === 'twotier.js') - (b === 'twotier.js'))) put(name, out[name]);
put('sizes.json', JSON.stringify(sizes, null, 2) + '\n');
const keep = new Set(Object.keys(imports));
for (const name of readdirSync(dist)) if (/^(track|panel|poster|shopify)-\w+\.js$/.test(name) && !keep.has(name)) rmSync(join(dist, name), { force: true });

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  put('index.d.ts', "export * from './types/widget/src/index.js';\n");
  // Node's ESM resolution (TypeScript's node16/nodenext) needs the extension on relative imports.
  const declarations = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
  for (const file of declarations(join(dist, 'types'))) {
    const text = readFileSync(file, 'utf8').replace(/(from\s+'|import\(')(\.{1,2}\/[^']+?)(?<!\.js|\.json)'/g, (_, head, spec) => `${head}${spec}.js'`);
    writeFileSync(file, text);
  }
  // The declaration imports ../budgets.json for its keys, a path that does not exist beside it in
  // dist/types: declare the budgets' type in its place (@arethetypeswrong/cli found the broken import).
  const declared = join(dist, 'types/widget/src/index.d.ts');
  const budgetsType = `{ ${Object.keys(BUDGETS).map((k) => `readonly ${JSON.stringify(k)}: number;`).join(' ')} }`;
  writeFileSync(declared, readFileSync(declared, 'utf8').replace("import budgets from '../budgets.json';", `declare const budgets: ${budgetsType};`));
}
