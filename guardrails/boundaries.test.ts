import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { repo, runTool } from './run-tool';

/** The rules of .dependency-cruiser.cjs, each reported on its own so a failure names its rule. */
const config = createRequire(import.meta.url)(join(repo, '.dependency-cruiser.cjs')) as { forbidden: { name: string; comment: string }[] };

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let violations: Violation[] = [];
let summary = '';

beforeAll(async () => {
  const run = await runTool('depcruise', [
    'packages/core/src',
    'packages/sdk/src',
    'packages/widget/src',
    'packages/server/src',
    'packages/server/admin-ui/src',
    'packages/vendure/src',
    'packages/medusa/src',
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'json',
  ]);
  const start = run.output.indexOf('{');
  if (start < 0) throw new Error(`depcruise printed no report:\n${run.output}`);
  const report = JSON.parse(run.output.slice(start));
  violations = report.summary.violations;
  summary = `${report.summary.totalCruised} modules, ${report.summary.totalDependenciesCruised} dependencies, ${run.ms} ms`;
  console.log(`[guardrails] dependency-cruiser: ${summary}`);
});

describe('import boundaries (dependency-cruiser)', () => {
  test('cruised the packages and found their imports', () => {
    expect(summary).toMatch(/^[1-9]\d* modules/);
  });
  for (const rule of config.forbidden) {
    test(`${rule.name}: ${rule.comment}`, () => {
      const broken = violations.filter((v) => v.rule.name === rule.name).map((v) => `${v.from} → ${v.to}`);
      expect(broken).toEqual([]);
    });
  }
});
