/**
 * An allowed browser origin in the one form browsers send in `Origin`:
 * lower-case scheme and host (IDNs in punycode), no default port, nothing
 * after the host and port. `null` for anything that is not an http(s)
 * origin: a path, query or fragment, user info, whitespace, another scheme.
 * A single trailing `/` is dropped.
 *
 * @example
 * normalizeOrigin('HTTPS://ShopA.example:443/'); // 'https://shopa.example'
 * normalizeOrigin('https://shop.example/cart');  // null
 */
export function normalizeOrigin(input: string): string | null {
  if (typeof input !== 'string' || input.length > 200) return null;
  // scheme "://" authority, then at most one "/": the URL parser would otherwise drop or mend the rest
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\\\s\u0000-\u001f\u007f]+\/?$/.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.origin;
}
