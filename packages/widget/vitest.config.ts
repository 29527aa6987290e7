import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@twotier/source'] },
  ssr: { resolve: { conditions: ['@twotier/source'] } },
  test: {
    name: 'widget',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each test builds its own happy-dom Window and gives it Node's fetch, which msw intercepts
    // (happy-dom's own fetch bypasses msw).
    environment: 'node',
    setupFiles: ['../../test/node20-builtins.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
