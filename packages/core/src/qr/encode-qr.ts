/**
 * A small QR Code encoder: byte mode (UTF-8), error correction level M,
 * versions 1–10 (up to 213 bytes, plenty for a share link). Follows
 * ISO/IEC 18004; the structure is that of Project Nayuki's reference encoder.
 */

import { drawSymbol } from './qr-matrix';

// Level M, by version (index 0 unused): error-correction codewords per block, and number of blocks.
const ECC = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];

const gfMul = (x: number, y: number): number => {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z;
};

const rsDivisor = (degree: number): number[] => {
  const r: number[] = new Array(degree).fill(0);
  r[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      r[j] = gfMul(r[j]!, root);
      if (j + 1 < degree) r[j]! ^= r[j + 1]!;
    }
    root = gfMul(root, 2);
  }
  return r;
};

const rsRemainder = (data: number[], divisor: number[]): number[] => {
  const r = divisor.map(() => 0);
  for (const b of data) {
    const factor = b ^ r.shift()!;
    r.push(0);
    divisor.forEach((c, i) => (r[i]! ^= gfMul(c, factor)));
  }
  return r;
};

const rawModules = (v: number): number => {
  let n = (16 * v + 128) * v + 64;
  if (v >= 2) {
    const a = Math.floor(v / 7) + 2;
    n -= (25 * a - 10) * a - 55;
    if (v >= 7) n -= 36;
  }
  return n;
};

const dataCodewords = (v: number): number => (rawModules(v) >> 3) - ECC[v]! * BLOCKS[v]!;

/** Splits data into blocks, appends each block's error correction, and interleaves. */
const withEcc = (data: number[], v: number): number[] => {
  const nBlocks = BLOCKS[v]!;
  const eccLen = ECC[v]!;
  const raw = rawModules(v) >> 3;
  const nShort = nBlocks - (raw % nBlocks);
  const shortLen = Math.floor(raw / nBlocks);
  const div = rsDivisor(eccLen);
  const blocks: number[][] = [];
  for (let i = 0, k = 0; i < nBlocks; i++) {
    const d = data.slice(k, (k += shortLen - eccLen + (i < nShort ? 0 : 1)));
    const block = d.concat(rsRemainder(d, div));
    if (i < nShort) block.splice(shortLen - eccLen, 0, 0);
    blocks.push(block);
  }
  const out: number[] = [];
  for (let i = 0; i <= shortLen; i++) {
    blocks.forEach((b, j) => {
      if (i != shortLen - eccLen || j >= nShort) out.push(b[i]!);
    });
  }
  return out;
};

/** A QR symbol: `size × size` modules, `true` is dark. */
export interface QrCode {
  size: number;
  modules: boolean[][];
}

/**
 * Encodes `text` as a QR code (level M), or returns `null` when it is longer
 * than version 10 holds. Pure: the share panel and the dashboard draw the
 * modules themselves (SVG, canvas).
 *
 * @example
 * const qr = encodeQr('https://shop.example/?ref=TEA01');
 * // qr.size === 29; qr.modules[0][0] === true (a finder pattern's corner)
 */
export function encodeQr(text: string): QrCode | null {
  const bytes = Array.from(new TextEncoder().encode(text));
  let v = 1;
  while (v <= 10 && 4 + (v < 10 ? 8 : 16) + bytes.length * 8 > dataCodewords(v) * 8) v++;
  if (v > 10) return null;
  const cap = dataCodewords(v) * 8;
  const bits: number[] = [];
  const put = (val: number, len: number) => {
    for (let i = len - 1; i >= 0; i--) bits.push((val >>> i) & 1);
  };
  put(4, 4);
  put(bytes.length, v < 10 ? 8 : 16);
  bytes.forEach((b) => put(b, 8));
  put(0, Math.min(4, cap - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  for (let pad = 0xec; bits.length < cap; pad ^= 0xec ^ 0x11) put(pad, 8);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(parseInt(bits.slice(i, i + 8).join(''), 2));
  return drawSymbol(v, withEcc(data, v));
}

