/** CSV text for the API's exports; amounts in them are core's `minorUnitsToDecimal` (one money formatter). */

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
