import { defineConfig } from 'vitest/config';

/**
 * Guardrails (issue 18): the machine checks of the repository itself, run by the README's
 * `pnpm test` like every other project: the typecheck of every package, the dashboard and
 * scripts/, the linter of the house rules, and the import boundaries. publint and
 * @arethetypeswrong/cli run on the packed packages in packages/server/test/packed-install.test.ts,
 * which packs them once for those checks and for the install.
 */
export default defineConfig({
  test: {
    name: 'guardrails',
    include: ['*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
