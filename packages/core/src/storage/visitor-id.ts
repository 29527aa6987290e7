/**
 * A new anonymous visitor id: 21 URL-safe characters (126 random bits) from
 * `crypto.getRandomValues`, falling back to `Math.random` where Web Crypto
 * is missing (a visitor id is not a secret).
 */
export const createVisitorId = (): string => {
  let bytes = new Uint8Array(21);
  try {
    crypto.getRandomValues(bytes);
  } catch {
    bytes = bytes.map(() => Math.random() * 256);
  }
  let id = '';
  // 0–9a–z, A–Z, then - and _: each of the 64 values of the low six bits.
  for (let b of bytes) {
    id += (b &= 63) < 36 ? b.toString(36) : b < 62 ? (b - 26).toString(36).toUpperCase() : b > 62 ? '_' : '-';
  }
  return id;
};
