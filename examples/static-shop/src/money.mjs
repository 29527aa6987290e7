/**
 * Money of the shop: integer fen (1 yuan = 100 fen). Prices are never
 * floating point, not even for display. Runs in the browser and in Node.
 */

/**
 * Formats fen as yuan for display, e.g. `formatFen(16850)` → `"¥168.50"`.
 * @param {number} fen a safe integer
 * @returns {string}
 */
export function formatFen(fen) {
  if (!Number.isSafeInteger(fen)) throw new TypeError(`not an amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan.toLocaleString('en-US')}.${cents}`;
}

/**
 * Parses a yuan amount typed by a person ("12", "12.5", "12.50", "¥1,299.00")
 * into fen, with string arithmetic only. Returns `null` for anything else,
 * including more than two decimals and negative numbers.
 * @param {unknown} text
 * @returns {number | null}
 */
export function parseYuan(text) {
  if (typeof text !== 'string') return null;
  const clean = text.trim().replace(/^¥/, '').replace(/,/g, '');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(clean);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}
