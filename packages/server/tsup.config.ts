import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // the click writer's worker thread is loaded from its own file beside the bundles
    entry: { index: 'src/index.ts', 'click-worker': 'src/services/click-worker.ts' },
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    // The `twotier` command (bin/twotier.mjs runs it when built).
    entry: { 'cli-main': 'src/cli-main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
  },
]);
