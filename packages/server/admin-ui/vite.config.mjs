// The admin dashboard's build (preact, no framework plugin needed): `node admin-ui/build.mjs`
// writes packages/server/dist-admin, which the server serves at /admin.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/admin/',
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  resolve: { conditions: ['@twotier/source', 'module', 'browser', 'production', 'default'] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [
    {
      // zod's locale namespace would add 260 kB; the dashboard shows core's own English messages
      name: 'zod-locales-en-only',
      enforce: 'pre',
      resolveId(source, importer) {
        if (importer && importer.includes('/zod/') && /\/locales\/index\.js$/.test(source)) return join(dirname(importer), '../locales/en.js');
        return null;
      },
    },
  ],
  build: {
    outDir: join(here, '../dist-admin'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/app-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
});
