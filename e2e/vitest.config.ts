import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@twotier/source'] },
  ssr: { resolve: { conditions: ['@twotier/source'] } },
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    // One long story on real sockets; a loaded machine needs room.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // States are awaited, never slept for: a poll may take a while on a busy machine.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
