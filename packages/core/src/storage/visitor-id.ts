/**
 * A new id for a visitor or a browser event: 21 URL-safe characters, 8 of
 * the creation time (ms, base 62, so ids made later sort later in byte
 * order until the year 8888) then 13 random ones (78 bits) from
 * `crypto.getRandomValues` (in every browser that can load the script tag's
 * chunks, which needs `import()`, and in Node.js ≥ 19; the script tag's
 * landing path carries no fallback for its absence). Sorting by time keeps the server's
 * indexes on visitor and event ids appending at their end, as its own ids
 * do, instead of rewriting a random page per click; the time it tells is
 * the shop's own first-party knowledge (when the visitor first came, when
 * the event happened). A wrong device clock only costs that order.
 *
 * @param now the creation time in ms (tests pass their own)
 */
export const createVisitorId = (now: number = Date.now()): string => {
  const digits = crypto.getRandomValues(new Uint8Array(21));
  for (let i = 8, t = Math.max(0, now); i--; t = Math.floor(t / 62)) digits[i] = t % 62;
  // each digit's low six bits as a character: 0–9, A–Z, a–z (base 62 in ASCII order), then - and _
  return String.fromCharCode(...digits.map((d) => ((d &= 63), d < 10 ? d + 48 : d < 36 ? d + 55 : d < 62 ? d + 61 : d > 62 ? 95 : 45)));
};
