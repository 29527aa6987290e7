// Builds the admin dashboard (preact) into packages/server/dist-admin, served by the server at /admin.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../dist-admin');

/** Bundles the dashboard; returns the output folder. */
export async function buildAdmin({ minify = true } = {}) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: { app: join(here, 'src/main.tsx'), styles: join(here, 'src/styles.css') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify,
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    conditions: ['@twotier/source'],
    outdir: join(out, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    // zod's locale namespace would add 260 kB; the dashboard shows core's own English messages
    plugins: [
      {
        name: 'zod-locales-en-only',
        setup(b) {
          b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
            args.importer.includes('/zod/') ? { path: join(dirname(args.importer), '../locales/en.js') } : undefined,
          );
        },
      },
    ],
    logLevel: 'warning',
  });
  const files = Object.keys(result.metafile.outputs).map((f) => f.split('/').pop());
  const js = files.find((f) => f.startsWith('app-') && f.endsWith('.js'));
  const css = files.find((f) => f.startsWith('styles-') && f.endsWith('.css'));
  const html = readFileSync(join(here, 'index.html'), 'utf8').replace('%APP%', `/admin/assets/${js}`).replace('%CSS%', `/admin/assets/${css}`);
  writeFileSync(join(out, 'index.html'), html);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await buildAdmin();
  console.log(`admin dashboard built into ${dir}`);
}
