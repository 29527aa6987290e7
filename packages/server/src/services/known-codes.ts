import type { Services } from '../context';

/** How long a code found once is taken as known without asking the database again. */
const KNOWN_FOR_MS = 60_000;
const MAX_ENTRIES = 10_000;
const caches = new WeakMap<Services, Map<string, number>>();

/**
 * Whether `code` names a distributor of the shop (of any status), for the click answer's
 * `unknownCode`: a visit through a link whose code matches no distributor (a typo on a printed
 * poster) is still stored, and the tag warns. Codes found are remembered for a minute, so the
 * clicks of real links cost no query; an unknown code is looked up each time (rare, and it may
 * become known as soon as the distributor is added).
 */
export async function isKnownCode(services: Services, shopId: string, code: string): Promise<boolean> {
  let cache = caches.get(services);
  if (!cache) caches.set(services, (cache = new Map()));
  const key = `${shopId}\u0000${code}`;
  const now = Date.now();
  const until = cache.get(key);
  if (until !== undefined && until > now) return true;
  const row = await services.db.kysely.selectFrom('distributors').select('id').where('shop_id', '=', shopId).where('code', '=', code).executeTakeFirst();
  if (!row) return false;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(key, now + KNOWN_FOR_MS);
  return true;
}
