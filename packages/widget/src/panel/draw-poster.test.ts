import { describe, expect, it } from 'vitest';
import { cover, wrap } from './draw-poster';

/** A measure where every character is 10 px wide. */
const ctx = { measureText: (s: string) => ({ width: [...s].length * 10 }) as TextMetrics };

describe('the poster’s layout', () => {
  it('crops a tall or wide picture to the square’s middle, never stretching it', () => {
    expect(cover(300, 900, 750, 750)).toEqual([0, 300, 300, 300]);
    expect(cover(1200, 300, 750, 750)).toEqual([450, 0, 300, 300]);
    expect(cover(800, 800, 750, 750)).toEqual([0, 0, 800, 800]);
    // The kept part always has the box's shape.
    const [, , w, h] = cover(640, 480, 750, 1000);
    expect(w / h).toBeCloseTo(0.75);
  });

  it('breaks between words, and anywhere in Chinese', () => {
    expect(wrap(ctx, 'West Lake Longjing 250 g', 120, 3)).toEqual(['West Lake', 'Longjing 250', 'g']);
    expect(wrap(ctx, '明前龙井二百五十克', 40, 3)).toEqual(['明前龙井', '二百五十', '克']);
    expect(wrap(ctx, 'Longjing 明前龙井 250 g', 100, 3)).toEqual(['Longjing 明', '前龙井 250 g']);
  });

  it('breaks a word longer than a line, and ends a cut text with “…”', () => {
    expect(wrap(ctx, 'Supercalifragilistic', 80, 3)).toEqual(['Supercal', 'ifragili', 'stic']);
    expect(wrap(ctx, 'one two three four five', 80, 2)).toEqual(['one two', 'three…']);
    expect(wrap(ctx, '  ', 80, 2)).toEqual([]);
  });
});
