/**
 * A new time-ordered id: 21 letters and digits, 8 of the creation time (ms,
 * base 62, so ids made later sort later in byte order until the year 8888)
 * then 13 random ones (~77 bits) from `crypto.getRandomValues` (in every
 * browser that can load the script tag's chunks, which needs `import()`, and
 * in Node.js ≥ 19; the script tag's landing path carries no fallback for its
 * absence). Sorting by time keeps the indexes on these ids appending at
 * their end instead of rewriting a random page per insert; the time it tells
 * is first-party knowledge (when the visitor first came, when the event
 * happened, when the row was made). A wrong clock only costs that order.
 *
 * The one maker of ids: the browser's visitor and event ids
 * ({@link createVisitorId}) and the server's row ids (`dst_` and the first
 * 20 characters) are all made here.
 *
 * @param now the creation time in ms (tests pass their own)
 * @param digits 21 random bytes, overwritten (a server making many ids draws
 *   them from a larger buffer filled at once, see the server's `newId`)
 * @example
 * timeOrderedId() // '0vH4kQ2mX3ka9BcJdEf7g'
 */
export const timeOrderedId = (now: number = Date.now(), digits: Uint8Array = crypto.getRandomValues(new Uint8Array(21))): string => {
  for (let i = 8, t = Math.max(0, now); i--; t = Math.floor(t / 62)) digits[i] = t % 62;
  // each digit modulo 62 as a character: 0–9, A–Z, a–z (base 62 in ASCII order)
  return String.fromCharCode(...digits.map((d) => ((d %= 62), d < 10 ? d + 48 : d < 36 ? d + 55 : d + 61)));
};
