import { describe, expect, it } from 'vitest';
import { formatBps, formatExact, formatRate } from './explain';

describe('explanation formatting', () => {
  it.each([
    [17_598_000, '1759.8'],
    [10_000, '1'],
    [1, '0.0001'],
    [0, '0'],
    [12_345, '1.2345'],
  ])('formatExact(%d) = %s', (exact, text) => expect(formatExact(exact)).toBe(text));

  it('writes rates for people', () => {
    expect(formatBps(1250)).toBe('12.5%');
    expect(formatBps(1)).toBe('0.01%');
    expect(formatRate({ percentBps: 1000 })).toBe('10%');
    expect(formatRate({ fixedPerUnit: 150 })).toBe('150 per unit');
  });
});
