import { getRequestListener } from '@hono/node-server';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { TwotierApp } from '../app';
import type { Services } from '../context';
import { consumeRateLimit, shopOfPublishableKey } from './auth';
import { parseJsonBody, readNodeBody } from './body';
import { clientIpOf } from './client-ip';
import { allowedOriginHeaders } from './cors';
import { toHttpError } from './error-handler';
import { errorBody } from './errors';
import { logRequest } from './request-log';
import { keyOf, recordClick } from '../services/track-click';

const CLICK_PATH = '/v1/track/click';

/**
 * The app as a Node request listener: Hono's listener, with one lane beside
 * it. `POST /v1/track/click` is what a shop's pages send most, so on Node it
 * is answered straight from the socket by {@link trackClickOnNode}, without
 * building web `Request`/`Response` objects. Everything else goes to Hono.
 */
export function nodeListener(app: TwotierApp): RequestListener {
  const hono = getRequestListener(app.fetch);
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method === 'POST' && (url === CLICK_PATH || url.startsWith(`${CLICK_PATH}?`))) {
      trackClickOnNode(app.services, req, res).catch((err: unknown) => {
        // only writing the answer itself can fail here (every error of the request is answered above)
        app.services.logger.error({ err, path: CLICK_PATH }, 'click answer failed');
        res.destroy();
      });
      return;
    }
    void hono(req, res);
  };
}

/**
 * `POST /v1/track/click` on Node: the Hono route's steps in the same order
 * (per-IP limit, 64 KB body limit, JSON, publishable key, origin, per-key
 * limit, schema, group commit) with the same statuses, bodies and headers,
 * and the same log line. The lane parity test sends every case both ways.
 */
export async function trackClickOnNode(services: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const url = req.url ?? CLICK_PATH;
  const headers: Record<string, string> = {};
  let status = 202;
  let payload: unknown;
  let shopId: string | undefined;
  try {
    const ip = clientIpOf(header(req, 'x-forwarded-for'), req.socket.remoteAddress, services.trustProxy);
    // the limits and the shop lookup answer at once in the common case: await only when they must ask
    const ipLimited = consumeRateLimit(services, `ip:${ip}`, services.limits.perIp);
    if (ipLimited) await ipLimited;
    const body = parseJsonBody(await readNodeBody(req));
    const found = shopOfPublishableKey(services, keyOf(body) ?? queryKey(url));
    const shop = found instanceof Promise ? await found : found;
    headers.Vary = 'Origin';
    Object.assign(headers, allowedOriginHeaders(shop, header(req, 'origin')));
    const keyLimited = consumeRateLimit(services, `key:${shop.id}`, services.limits.perKey);
    if (keyLimited) await keyLimited;
    shopId = shop.id;
    payload = await recordClick(services, shop, body);
  } catch (error) {
    const e = toHttpError(error, services.logger, CLICK_PATH);
    status = e.status;
    payload = errorBody(e);
    Object.assign(headers, e.headers);
  }
  const text = JSON.stringify(payload);
  if (!res.destroyed) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }
  logRequest(services.logger, { method: 'POST', path: CLICK_PATH, status, started, shop: shopId });
}

/** One request header as Hono's `c.req.header` reads it (repeated headers joined). */
function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** `?key=` of the request URL, as Hono's `c.req.query('key')` reads it. */
function queryKey(url: string): string | undefined {
  const q = url.indexOf('?');
  return q < 0 ? undefined : (new URLSearchParams(url.slice(q + 1)).get('key') ?? undefined);
}
