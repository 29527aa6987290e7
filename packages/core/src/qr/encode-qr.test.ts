import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { encodeQr, type QrCode } from './encode-qr';

/** Renders a symbol to RGBA pixels (4 px per module, 4-module quiet zone) and decodes it with jsQR. */
const decode = (qr: QrCode): string | undefined => {
  const scale = 4;
  const dim = (qr.size + 8) * scale;
  const px = new Uint8ClampedArray(dim * dim * 4).fill(255);
  qr.modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const o = (((y + 4) * scale + dy) * dim + (x + 4) * scale + dx) * 4;
          px[o] = px[o + 1] = px[o + 2] = 0;
        }
      }
    }),
  );
  return jsQR(px, dim, dim)?.data;
};

describe('encodeQr', () => {
  const samples = [
    'a',
    'https://shop.example/?ref=alice',
    'https://shop.example/products/oolong-tea-250g?variant=123456&ref=alice_01',
    'https://例子.example/商品/乌龙茶?ref=小明',
    `https://shop.example/?ref=x&pad=${'y'.repeat(150)}`,
  ];
  for (const text of samples) {
    it(`round-trips through a real decoder: ${text.slice(0, 50)}`, () => {
      const qr = encodeQr(text)!;
      expect(qr.modules).toHaveLength(qr.size);
      expect(decode(qr)).toBe(text);
    });
  }

  it('grows the version with the text and refuses text longer than version 10 holds', () => {
    expect(encodeQr('a')!.size).toBe(21);
    expect(encodeQr('x'.repeat(200))!.size).toBe(57);
    expect(encodeQr('x'.repeat(214))).toBeNull();
  });
});
