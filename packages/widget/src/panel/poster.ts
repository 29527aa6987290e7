import { readProduct } from './product';
import type { QrCode } from './qr';

/** What the poster shows besides the page's product (title, price, image). */
export interface PosterInput {
  qr: QrCode;
  sharedBy: string;
  scan: string;
}

const loadImage = (w: Window, src: string): Promise<HTMLImageElement | null> =>
  new Promise((resolve) => {
    const img = new (w as unknown as { Image: typeof Image }).Image();
    img.crossOrigin = 'anonymous';
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });

const wrap = (ctx: CanvasRenderingContext2D, text: string, width: number, maxLines: number): string[] => {
  const lines: string[] = [];
  let line = '';
  // Break anywhere: Chinese has no spaces, and long English words must not overflow.
  for (const ch of text) {
    if (ctx.measureText(line + ch).width > width && line) {
      lines.push(line);
      line = '';
      if (lines.length == maxLines) return lines;
    }
    line += ch;
  }
  return line ? [...lines, line] : lines;
};

/**
 * Draws a share poster (the page's product image, title and price, the QR
 * code, the distributor's name) to a 720 × 1080 canvas and returns it as a PNG object URL, or `null`
 * when the browser cannot (no canvas, tainted image).
 */
export async function drawPoster(w: Window, input: PosterInput): Promise<string | null> {
  const p = { ...readProduct(w.document), ...input };
  const canvas = w.document.createElement('canvas');
  canvas.width = 720;
  canvas.height = 1080;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 720, 1080);
  const img = p.image ? await loadImage(w, p.image) : null;
  if (img) {
    const s = Math.max(720 / img.width, 560 / img.height);
    ctx.drawImage(img, (720 - img.width * s) / 2, (560 - img.height * s) / 2, img.width * s, img.height * s);
  } else {
    ctx.fillStyle = '#f4f5f7';
    ctx.fillRect(0, 0, 720, 560);
  }
  const font = 'system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif';
  ctx.fillStyle = '#1f2328';
  ctx.font = `600 40px ${font}`;
  let y = 620;
  for (const line of wrap(ctx, p.title, 640, 2)) ctx.fillText(line, 40, (y += 48) - 48 + 40);
  if (p.price) {
    ctx.fillStyle = '#d9480f';
    ctx.font = `700 48px ${font}`;
    ctx.fillText(p.price, 40, y + 60);
  }
  const cell = Math.floor(240 / (p.qr.size + 8));
  const qx = 720 - 40 - cell * (p.qr.size + 8);
  const qy = 1080 - 40 - cell * (p.qr.size + 8);
  ctx.fillStyle = '#000';
  p.qr.modules.forEach((row, r) => row.forEach((dark, c) => dark && ctx.fillRect(qx + (c + 4) * cell, qy + (r + 4) * cell, cell, cell)));
  ctx.fillStyle = '#5b636d';
  ctx.font = `28px ${font}`;
  ctx.fillText(p.sharedBy, 40, 1000);
  ctx.fillText(p.scan, 40, 1040);
  try {
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/png'));
    return blob ? URL.createObjectURL(blob) : null;
  } catch {
    return null;
  }
}
