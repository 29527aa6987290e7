/**
 * Builds what Medusa loads: `.medusa/server/src/{subscribers,jobs,api,modules}`,
 * one CommonJS file per Medusa resource, the layout `medusa plugin:build`
 * produces. `@twotier/sdk`, `@twotier/core` and their dependencies are bundled
 * in (Medusa loads plugin files with `require`, and the SDK's HTTP client is
 * ESM-only); `@medusajs/*` and MikroORM stay external, so the plugin runs on
 * the shop's own Medusa.
 *
 *   node build.mjs [outDir]   (default: this package)
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const RESOURCES = ['subscribers', 'jobs', 'api', 'modules', 'links', 'workflows'];

const walk = (dir) => {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
};

/** The source files Medusa discovers by their place in the tree. */
export function medusaEntries(srcDir = join(here, 'src')) {
  return RESOURCES.flatMap((r) => walk(join(srcDir, r)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .filter((f) => {
      const rel = relative(srcDir, f).split(/[\\/]/);
      // inside a module Medusa loads its index, and finds its models and migrations by folder
      if (rel[0] === 'modules') return rel.length === 3 ? rel[2] === 'index.ts' : rel[2] === 'migrations' || rel[2] === 'models';
      return true;
    });
}

/**
 * A module's data models stay files of their own, required by the module
 * rather than copied into it: Medusa registers the models it finds in the
 * module's `models` folder, and the service must use those same objects.
 */
const modelsStayFiles = {
  name: 'models-stay-files',
  setup(b) {
    b.onResolve({ filter: /^\.{1,2}\/(.*\/)?models\// }, (args) => {
      const file = join(args.resolveDir, args.path);
      const moduleDir = dirname(dirname(file));
      const rel = relative(moduleDir, file).split(sep).join('/');
      return { path: `./${rel}.js`, external: true };
    });
  },
};

/** Builds the plugin's Medusa tree into `<outDir>/.medusa/server/src`. */
export async function buildMedusaPlugin(outDir = here) {
  const srcDir = join(here, 'src');
  const target = join(outDir, '.medusa', 'server');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  // The package is ESM; Medusa requires these files, so they are CommonJS.
  writeFileSync(join(target, 'package.json'), '{ "type": "commonjs" }\n');
  await build({
    entryPoints: medusaEntries(srcDir),
    outbase: srcDir,
    outdir: join(target, 'src'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['@twotier/source'],
    external: ['@medusajs/*', '@mikro-orm/*', 'awilix'],
    logLevel: 'warning',
    legalComments: 'none',
    plugins: [modelsStayFiles],
  });
  return target;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildMedusaPlugin(process.argv[2] ?? here);
  console.log(`built ${relative(process.cwd(), out) || out}`);
}
