import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, ShopRecord } from '../context';
import { isAllowedOrigin } from '../domain/origins';
import { errorResponse, forbidden } from './errors';

export { isAllowedOrigin } from '../domain/origins';

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Authorization';

/**
 * Checks the request's Origin against the shop's allowed origins and, when
 * it is allowed, answers with CORS headers naming that origin only. A
 * request without Origin (not from a browser page) passes without headers;
 * any other origin is 403 and gets no CORS headers.
 */
export function applyBrowserCors(c: Context, shop: ShopRecord): void {
  c.header('Vary', 'Origin');
  const allowed = allowedOriginHeaders(shop, c.req.header('origin'));
  if (!allowed) return;
  c.header('Access-Control-Allow-Origin', allowed['Access-Control-Allow-Origin']);
  c.header('Access-Control-Expose-Headers', allowed['Access-Control-Expose-Headers']);
}

/** The CORS headers of an allowed origin; `null` without Origin; 403 for any other origin. */
export function allowedOriginHeaders(
  shop: ShopRecord,
  origin: string | undefined,
): { 'Access-Control-Allow-Origin': string; 'Access-Control-Expose-Headers': string } | null {
  if (origin === undefined) return null;
  if (!isAllowedOrigin(shop.allowedOrigins, origin)) {
    throw forbidden('origin_not_allowed', `origin ${origin} is not an allowed origin of this shop`);
  }
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'Retry-After' };
}

/**
 * Answers CORS preflights of the browser endpoints. With `?key=` the shop's
 * origins decide; without (session calls), an origin allowed by any shop is
 * answered, and the real request is checked against its own shop.
 */
export const browserPreflight: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== 'OPTIONS') return next();
  const { shops } = c.get('services');
  const origin = c.req.header('origin');
  const key = c.req.query('key');
  let allowed = false;
  if (origin) {
    const shop = key ? await shops.byPublishableKey(key) : null;
    allowed = shop ? isAllowedOrigin(shop.allowedOrigins, origin) : await shops.isKnownOrigin(origin);
  }
  if (!allowed || !origin) {
    return errorResponse(c, forbidden('origin_not_allowed', `origin ${origin ?? '(none)'} is not allowed`));
  }
  return c.body(null, 204, {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Methods': ALLOW_METHODS,
    'Access-Control-Allow-Headers': ALLOW_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  });
};
