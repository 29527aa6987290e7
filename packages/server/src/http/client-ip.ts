import type { Context } from 'hono';

/**
 * The client's IP: the socket's remote address, or the first
 * `X-Forwarded-For` hop when the server sits behind a trusted proxy.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return clientIpOf(c.req.header('x-forwarded-for'), env?.incoming?.socket?.remoteAddress, trustProxy);
}

/** {@link clientIp} from the raw header and socket address. */
export function clientIpOf(forwardedFor: string | undefined, remoteAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = forwardedFor?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return remoteAddress ?? 'unknown';
}
