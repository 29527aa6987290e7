import { defineConfig } from 'tsup';

// The '.' entry (options type, the pure conversion); Medusa's own tree is built by build.mjs.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
