import type { Context } from 'hono';

/**
 * The client's IP: the socket's remote address, or, behind `trustedProxies`
 * proxies that each append the address they received from to
 * `X-Forwarded-For`, the entry the outermost trusted proxy added: the
 * `trustedProxies`-th from the right. Entries further left were written by
 * the client and are never read. As Express's `trust proxy` with a hop
 * count: when the chain is shorter, its leftmost entry (written by a
 * trusted proxy too) is the client.
 */
export function clientIp(c: Context, trustedProxies: number): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return clientIpOf(c.req.header('x-forwarded-for'), env?.incoming?.socket?.remoteAddress, trustedProxies);
}

/** {@link clientIp} from the raw header (repeated headers joined by commas) and the socket address. */
export function clientIpOf(forwardedFor: string | undefined, remoteAddress: string | undefined, trustedProxies: number): string {
  let ip = remoteAddress ?? 'unknown';
  if (trustedProxies > 0 && forwardedFor) {
    // walk from the right: the socket is hop 0, the last entry hop 1, …
    let end = forwardedFor.length;
    for (let hop = 1; hop <= trustedProxies && end > 0; hop++) {
      const start = forwardedFor.lastIndexOf(',', end - 1);
      const entry = forwardedFor.slice(start + 1, end).trim();
      if (entry) ip = entry;
      end = Math.max(start, 0);
    }
  }
  // a bucket key, not a parsed address: bounded so a long header cannot make a long key
  return ip.length > 64 ? ip.slice(0, 64) : ip;
}

/**
 * `TWOTIER_TRUST_PROXY` as a count of trusted proxies: unset, empty, `0` or
 * `false` is none; `1` or `true` is one; `N` is N. Anything else throws.
 */
export function parseTrustProxy(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return 0;
  if (v === 'true') return 1;
  if (/^[1-9]\d?$/.test(v)) return Number(v);
  throw new Error(`TWOTIER_TRUST_PROXY must be the number of proxies in front of the server (0-99, or true/false), got ${JSON.stringify(value)}`);
}
