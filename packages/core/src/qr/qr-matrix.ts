import type { QrCode } from './encode-qr';

const MASKS: ((x: number, y: number) => boolean)[] = [
  (x, y) => (x + y) % 2 == 0,
  (_, y) => y % 2 == 0,
  (x) => x % 3 == 0,
  (x, y) => (x + y) % 3 == 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 == 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) == 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 == 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 == 0,
];

/** Lays out function patterns and codewords for version `v`, and applies the best of the eight masks. */
export function drawSymbol(v: number, codewords: number[]): QrCode {
  const size = v * 4 + 17;
  const grid = (): boolean[][] => Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  const m = grid();
  const fn = grid();
  const set = (x: number, y: number, dark: boolean) => {
    m[y]![x] = dark;
    fn[y]![x] = true;
  };
  const bit = (n: number, i: number) => ((n >>> i) & 1) != 0;

  for (let i = 0; i < size; i++) set(6, i, i % 2 == 0), set(i, 6, i % 2 == 0);
  // Finder patterns (radius 4, light rings at distance 2 and 4) and alignment patterns (radius 2, light ring at 1).
  const square = (cx: number, cy: number, r: number) => {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, r == 4 ? d != 2 && d != 4 : d != 1);
      }
    }
  };
  square(3, 3, 4);
  square(size - 4, 3, 4);
  square(3, size - 4, 4);
  if (v > 1) {
    const n = Math.floor(v / 7) + 2;
    const step = Math.ceil((v * 4 + 4) / (n * 2 - 2)) * 2;
    const pos = [6];
    for (let p = size - 7; pos.length < n; p -= step) pos.splice(1, 0, p);
    // Every pair of positions except the three corners the finder patterns occupy.
    pos.forEach((ax, i) => pos.forEach((ay, j) => ((i == 0 && (j == 0 || j == n - 1)) || (i == n - 1 && j == 0) ? 0 : square(ax, ay, 2))));
  }
  const drawFormat = (mask: number) => {
    // Level M's format bits are 00.
    let rem = mask;
    for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
    const b = ((mask << 10) | rem) ^ 0x5412;
    for (let i = 0; i <= 5; i++) set(8, i, bit(b, i));
    set(8, 7, bit(b, 6));
    set(8, 8, bit(b, 7));
    set(7, 8, bit(b, 8));
    for (let i = 9; i < 15; i++) set(14 - i, 8, bit(b, i));
    for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(b, i));
    for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(b, i));
    set(8, size - 8, true);
  };
  drawFormat(0);
  if (v >= 7) {
    let rem = v;
    for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
    const b = (v << 12) | rem;
    for (let i = 0; i < 18; i++) {
      const a = size - 11 + (i % 3);
      const c = Math.floor(i / 3);
      set(a, c, bit(b, i));
      set(c, a, bit(b, i));
    }
  }
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const y = ((right + 1) & 2) == 0 ? size - 1 - vert : vert;
        if (!fn[y]![x] && i < codewords.length * 8) m[y]![x] = bit(codewords[i >>> 3]!, 7 - (i & 7)), i++;
      }
    }
  }
  const apply = (k: number) => {
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (!fn[y]![x] && MASKS[k]!(x, y)) m[y]![x] = !m[y]![x];
  };
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k < 8; k++) {
    apply(k);
    drawFormat(k);
    const s = penalty(m, size);
    if (s < bestScore) (best = k), (bestScore = s);
    apply(k);
  }
  apply(best);
  drawFormat(best);
  return { size, modules: m };
}

/** ISO 18004 penalty rules 1 (runs of five or more) and 2 (2×2 blocks); rules 3 and 4 are left out for size. */
function penalty(m: boolean[][], size: number): number {
  let score = 0;
  for (let a = 0; a < size; a++) {
    let row = 0;
    let col = 0;
    for (let b = 0; b < size; b++) {
      row = b && m[a]![b] === m[a]![b - 1] ? row + 1 : 1;
      col = b && m[b]![a] === m[b - 1]![a] ? col + 1 : 1;
      score += (row == 5 ? 3 : row > 5 ? 1 : 0) + (col == 5 ? 3 : col > 5 ? 1 : 0);
      if (a && b && m[a]![b] === m[a - 1]![b] && m[a]![b] === m[a]![b - 1] && m[a]![b] === m[a - 1]![b - 1]) score += 3;
    }
  }
  return score;
}
