import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@twotier/source'] },
  ssr: { resolve: { conditions: ['@twotier/source'] } },
  test: {
    name: 'sdk',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The client is runtime-agnostic; msw intercepts Node's fetch (happy-dom's own fetch bypasses it).
    environment: 'node',
    setupFiles: ['../../test/node20-builtins.ts'],
  },
});
