/** Minor-unit digits of a currency (2 for CNY/USD, 0 for JPY), from Intl. */
export const minorDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** An integer of minor units as a decimal string, without floating point: 1999, 2 → "19.99". */
export const formatMinor = (amount: number, digits: number): string => {
  const sign = amount < 0 ? '-' : '';
  const s = String(Math.abs(amount)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${s}` : `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
};

/**
 * One CSV field: quoted when needed, and a leading `= + - @` (or tab/CR)
 * prefixed with `'` so a spreadsheet never runs it as a formula.
 */
export const csvField = (value: string | number | null): string => {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rows to CSV text with CRLF line ends (RFC 4180). */
export const toCsv = (rows: (string | number | null)[][]): string => rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
