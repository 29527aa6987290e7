import { clickEventSchema } from '@twotier/core/schema';
import type { Services, ShopRecord } from '../context';
import { parseInput } from '../domain/validate';
import { isKnownCode } from './known-codes';

/** The publishable key a browser event names in its body, if any. */
export const keyOf = (body: unknown): string | undefined => {
  const key = body && typeof body === 'object' && 'key' in body ? (body as { key: unknown }).key : undefined;
  return typeof key === 'string' ? key : undefined;
};

/**
 * Validates a click event of `shop` and queues it for group commit;
 * resolves once its batch has committed. Shared by the Hono route and the
 * Node lane (`http/click-lane.ts`). A code that names no distributor is
 * stored all the same (the dashboard lists such codes) and answered with
 * `unknownCode: true`, so the tag can warn in the console.
 */
export async function recordClick(services: Services, shop: ShopRecord, body: unknown): Promise<{ accepted: true; duplicate: boolean; unknownCode?: true }> {
  const click = parseInput(clickEventSchema, body);
  const [{ duplicate }, known] = await Promise.all([services.clicks.add({
    shop,
    eventId: click.eventId,
    code: click.code,
    visitorId: click.visitorId,
    url: click.url,
    referrer: click.referrer ?? null,
    at: services.now().getTime(),
  }), isKnownCode(services, shop.id, click.code)]);
  if (!known) return { accepted: true, duplicate, unknownCode: true };
  return { accepted: true, duplicate };
}
