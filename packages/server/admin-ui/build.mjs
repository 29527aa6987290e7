// Builds the admin dashboard (preact) with vite into packages/server/dist-admin, served by the
// server at /admin. The configuration is admin-ui/vite.config.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../dist-admin');

/** Bundles the dashboard; returns the output folder. */
export async function buildAdmin({ minify = true } = {}) {
  await build({ configFile: join(here, 'vite.config.mjs'), build: { minify } });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = await buildAdmin();
  console.log(`admin dashboard built into ${dir}`);
}
