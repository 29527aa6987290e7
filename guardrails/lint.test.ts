import { expect, test } from 'vitest';
import { runTool } from './run-tool';

// The house rules of shared STYLE.md as Biome rules: biome.jsonc says which and why.
test('the linter finds nothing (biome lint, warnings count)', async () => {
  const run = await runTool('biome', ['lint', '--error-on-warnings', '--max-diagnostics=50', '--colors=off']);
  expect(run.code, run.output).toBe(0);
  console.log(`[guardrails] lint ${run.ms} ms`);
});
