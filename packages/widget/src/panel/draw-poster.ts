/**
 * Draws the share poster (in the lazy `poster` chunk): a 750 × 1334 canvas with the product's image (cropped to
 * its square, never stretched, whatever its shape), name and price, the
 * shop's name, who shares it and the QR code of their link. Without a product
 * it is the shop's poster. Returned as a JPEG data URL (WeChat's long-press
 * "save image" reads data URLs, not blob URLs).
 */
import { formatMoney } from '@twotier/core';
import type { Product } from './product';
import type { QrCode } from '@twotier/core';

/** What the poster shows. */
export interface PosterInput {
  /** The product, or `null` for the shop's poster. */
  product: Product | null;
  shopName: string;
  /** The shop poster's picture (the page's `og:image`) and words (its description), if any. */
  image?: string;
  tagline?: string;
  /** "Shared by Alice" */
  sharedBy: string;
  /** "Scan to open" */
  scan: string;
  qr: QrCode;
  locale: string;
}

const W = 750;
const H = 1334;
const FONT = 'system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif';

const loadImage = (w: Window, src: string): Promise<HTMLImageElement | null> =>
  new Promise((resolve) => {
    const img = new (w as unknown as { Image: typeof Image }).Image();
    // Another origin's image must allow CORS, or the canvas could not be read: without it the poster has no image.
    img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img.naturalWidth && img.naturalHeight ? img : null);
    img.onerror = () => resolve(null);
    img.src = src;
  });

/**
 * `text` in lines of at most `width` pixels, at most `max` lines, the last one
 * ending in "…" when cut. Breaks between words, and anywhere in Chinese (which
 * has no spaces) or in a word too long for a line.
 */
export const wrap = (ctx: Pick<CanvasRenderingContext2D, 'measureText'>, text: string, width: number, max: number): string[] => {
  const fits = (s: string) => ctx.measureText(s).width <= width;
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  // Chinese characters one by one, other words whole, spaces.
  for (const tok of text.trim().match(/[\u2e80-\u9fff\uf900-\uffef]|[^\s\u2e80-\u9fff\uf900-\uffef]+|\s+/g) || []) {
    if (fits(line + tok)) line += tok;
    else if (/^\s/.test(tok)) push();
    else {
      if (line.trim()) push();
      // A word wider than a line is broken where it overflows.
      for (const ch of tok) {
        if (line && !fits(line + ch)) push();
        line += ch;
      }
    }
  }
  if (line.trim()) push();
  if (lines.length <= max) return lines;
  let last = lines[max - 1]!;
  while (last && !fits(last + '…')) last = last.slice(0, -1);
  return [...lines.slice(0, max - 1), last.trimEnd() + '…'];
};

/**
 * The source rectangle of an image `iw` × `ih` that covers a `w` × `h` box: the
 * largest centred part with the box's shape (a tall image loses top and
 * bottom, a wide one its sides), so nothing is stretched.
 */
export const cover = (iw: number, ih: number, w: number, h: number): [number, number, number, number] => {
  const s = Math.min(iw / w, ih / h);
  return [(iw - w * s) / 2, (ih - h * s) / 2, w * s, h * s];
};

/** Draws the poster; `null` when the browser cannot (no canvas). */
export async function drawPoster(w: Window, input: PosterInput): Promise<string | null> {
  const { product } = input;
  const canvas = w.document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  ctx.textBaseline = 'alphabetic';

  // The picture: the product's image in a square; for the shop, its picture, else its name on a colour field
  // that fills the poster down to the band (nothing to say below it).
  const band = H - 300;
  const src = product ? product.image : input.image;
  const img = src ? await loadImage(w, src) : null;
  if (img) {
    ctx.drawImage(img, ...cover(img.naturalWidth, img.naturalHeight, W, W), 0, 0, W, W);
  } else {
    const h = product ? W : band;
    ctx.fillStyle = '#c2410c';
    ctx.fillRect(0, 0, W, h);
    ctx.fillStyle = '#fff';
    ctx.font = `700 64px ${FONT}`;
    ctx.textAlign = 'center';
    const lines = wrap(ctx, product ? product.name : input.shopName, W - 120, 3);
    lines.forEach((line, i) => ctx.fillText(line, W / 2, h / 2 + (i - (lines.length - 1) / 2) * 80 + 22));
    if (!product && input.tagline) {
      ctx.font = `30px ${FONT}`;
      wrap(ctx, input.tagline, W - 160, 2).forEach((line, i) => ctx.fillText(line, W / 2, h / 2 + lines.length * 40 + 60 + i * 42));
    }
    ctx.textAlign = 'left';
  }

  let y = W + 64;
  ctx.fillStyle = '#1f2328';
  ctx.font = `650 42px ${FONT}`;
  // The shop poster names the shop once: under its picture, or on the colour field.
  for (const line of product || img ? wrap(ctx, product ? product.name : input.shopName, W - 80, 2) : []) {
    ctx.fillText(line, 40, y);
    y += 54;
  }
  if (product && product.amount !== undefined && product.currency) {
    ctx.fillStyle = '#c2410c';
    ctx.font = `700 52px ${FONT}`;
    ctx.fillText(formatMoney(product.amount, product.currency, input.locale), 40, y + 14);
    y += 66;
  }
  if (product || (img && input.tagline)) {
    ctx.fillStyle = '#5b636d';
    ctx.font = `28px ${FONT}`;
    ctx.fillText(wrap(ctx, product ? input.shopName : input.tagline!, W - 80, 1)[0] || '', 40, y + 6);
  }

  // The bottom band: who shares it, and the QR code of their link.
  ctx.fillStyle = '#f4f5f7';
  ctx.fillRect(0, band, W, 300);
  const size = input.qr.size + 8;
  const cell = Math.floor(252 / size);
  const qx = W - 40 - cell * size;
  const qy = band + (300 - cell * size) / 2;
  ctx.fillStyle = '#fff';
  ctx.fillRect(qx, qy, cell * size, cell * size);
  ctx.fillStyle = '#000';
  input.qr.modules.forEach((row, r) => row.forEach((dark, c) => dark && ctx.fillRect(qx + (c + 4) * cell, qy + (r + 4) * cell, cell, cell)));
  ctx.fillStyle = '#1f2328';
  ctx.font = `650 34px ${FONT}`;
  wrap(ctx, input.sharedBy, qx - 80, 2).forEach((line, i) => ctx.fillText(line, 40, band + 120 + i * 44));
  ctx.fillStyle = '#5b636d';
  ctx.font = `28px ${FONT}`;
  ctx.fillText(input.scan, 40, band + 220);
  try {
    return canvas.toDataURL('image/jpeg', 0.92);
  } catch {
    return null;
  }
}
