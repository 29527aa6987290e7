import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUDGETS } from '../src/index';

const sizes = JSON.parse(readFileSync(join(import.meta.dirname, '../dist/sizes.json'), 'utf8')) as Record<string, { gzip: number; budget: number }>;

describe('size budgets (min+gzip, from the build before the tests)', () => {
  for (const name of Object.keys(BUDGETS) as (keyof typeof BUDGETS)[]) {
    it(`${name} ≤ ${BUDGETS[name]} B`, () => {
      expect(sizes[name]!.budget).toBe(BUDGETS[name]);
      expect(sizes[name]!.gzip).toBeLessThanOrEqual(BUDGETS[name]);
    });
  }
  it('the loader meets the issue’s 1.5 KB, a landing (loader and tracking chunk) its 2 KB, the panel its 15 KB', () => {
    expect(BUDGETS.loader).toBe(1536);
    expect(BUDGETS.landing).toBe(2048);
    expect(BUDGETS.panel).toBe(15360);
  });
});
