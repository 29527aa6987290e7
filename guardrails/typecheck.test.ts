import { expect, test } from 'vitest';
import { runTool } from './run-tool';

// tsconfig.json covers every package's sources and tests, the examples, the dashboard
// (packages/server/admin-ui/src) and scripts/.
test('the whole repository typechecks (tsc -p tsconfig.json --noEmit)', async () => {
  const run = await runTool('tsc', ['-p', 'tsconfig.json', '--noEmit']);
  expect(run.code, run.output).toBe(0);
  console.log(`[guardrails] typecheck ${run.ms} ms`);
});
