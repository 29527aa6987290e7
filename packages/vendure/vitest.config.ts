import swc from 'unplugin-swc';
import { defineProject } from 'vitest/config';

export default defineProject({
  // Vendure (Nest, TypeORM) needs legacy decorators with their type metadata, which only SWC emits.
  plugins: [swc.vite({ tsconfigFile: new URL('./tsconfig.json', import.meta.url).pathname, jsc: { transform: { useDefineForClassFields: false } } })],
  resolve: { conditions: ['@twotier/source'] },
  ssr: { resolve: { conditions: ['@twotier/source'] } },
  test: {
    name: 'vendure',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    env: { VENDURE_DISABLE_TELEMETRY: 'true' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
