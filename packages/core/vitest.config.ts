import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@twotier/source'] },
  ssr: { resolve: { conditions: ['@twotier/source'] } },
  test: {
    name: 'core',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
