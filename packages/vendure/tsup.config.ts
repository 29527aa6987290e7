import { defineConfig } from 'tsup';

// tsconfig.json has emitDecoratorMetadata, so tsup compiles with SWC: Nest and TypeORM read that metadata.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
});
