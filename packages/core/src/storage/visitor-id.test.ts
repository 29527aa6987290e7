import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVisitorId } from './visitor-id';

afterEach(() => vi.unstubAllGlobals());

describe('createVisitorId', () => {
  it('is 21 URL-safe characters and different each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, createVisitorId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
  });

  it('maps the 64 values of six random bits onto 64 distinct characters', () => {
    let next = 0;
    vi.stubGlobal('crypto', {
      getRandomValues: (a: Uint8Array) => a.set(a.map(() => next++ + 192)),
    });
    const chars = [createVisitorId(), createVisitorId(), createVisitorId(), createVisitorId()].join('').slice(0, 64);
    expect(new Set(chars).size).toBe(64);
    expect(chars.slice(0, 12)).toBe('0123456789ab');
    expect(chars.slice(36, 40)).toBe('ABCD');
    expect(chars.slice(60)).toBe('YZ-_');
  });

  it('still makes an id where Web Crypto is missing', () => {
    vi.stubGlobal('crypto', undefined);
    expect(createVisitorId()).toMatch(/^[\w-]{21}$/);
  });
});
