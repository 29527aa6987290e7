import { clickEventSchema } from '@twotier/core/schema';
import type { Services, ShopRecord } from '../context';
import { parseWith } from '../http/validate';

/** The publishable key a browser event names in its body, if any. */
export const keyOf = (body: unknown): string | undefined => {
  const key = body && typeof body === 'object' && 'key' in body ? (body as { key: unknown }).key : undefined;
  return typeof key === 'string' ? key : undefined;
};

/**
 * Validates a click event of `shop` and queues it for group commit;
 * resolves once its batch has committed. Shared by the Hono route and the
 * Node lane (`http/click-lane.ts`).
 */
export async function recordClick(services: Services, shop: ShopRecord, body: unknown): Promise<{ accepted: true; duplicate: boolean }> {
  const click = parseWith(clickEventSchema, body);
  const { duplicate } = await services.clicks.add({
    shop,
    eventId: click.eventId,
    code: click.code,
    visitorId: click.visitorId,
    url: click.url,
    referrer: click.referrer ?? null,
    at: services.now().getTime(),
  });
  return { accepted: true, duplicate };
}
