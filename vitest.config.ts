import { defineConfig } from 'vitest/config';
import { projects } from './vitest.workspace.ts';

export default defineConfig({
  test: {
    projects,
    coverage: {
      provider: 'v8',
      reportOnFailure: true,
      include: ['packages/core/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.test-d.ts', '**/index.ts', '**/types.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { 'packages/core/src/**/*.ts': { lines: 95 } },
    },
  },
});
