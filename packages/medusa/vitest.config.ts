import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@twotier/source'] },
  ssr: { resolve: { conditions: ['@twotier/source'] } },
  test: {
    name: 'medusa',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
