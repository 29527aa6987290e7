import { normalizeOrigin } from '@twotier/core/schema';
import type { Services } from '../context';

const MAX_ORIGINS = 1_000;
const sightings = new WeakMap<Services, Map<string, number>>();

const of = (services: Services): Map<string, number> => {
  let map = sightings.get(services);
  if (!map) sightings.set(services, (map = new Map()));
  return map;
};

/**
 * Notes that a page of `referer`'s origin loaded `/twotier.js` from this server: the setup
 * checklist's "tag seen on your site" tick. Browsers send the page's origin (or URL) as the
 * Referer of a script they load from another origin, under the default referrer policy.
 * Kept in this process's memory only; a recorded touch proves the tag as well and lasts.
 */
export function noteTagSeen(services: Services | undefined, referer: string | undefined, at: number): void {
  if (!referer || !services) return;
  let origin: string | null = null;
  try {
    origin = normalizeOrigin(new URL(referer).origin);
  } catch {
    return;
  }
  if (!origin) return;
  const map = of(services);
  if (!map.has(origin) && map.size >= MAX_ORIGINS) map.clear();
  map.set(origin, at);
}

/** The latest time one of `origins` loaded the tag, with that origin, or null. */
export function tagSeenOn(services: Services, origins: readonly string[]): { origin: string; at: number } | null {
  const map = of(services);
  let best: { origin: string; at: number } | null = null;
  for (const origin of origins) {
    const at = map.get(origin);
    if (at !== undefined && (!best || at > best.at)) best = { origin, at };
  }
  return best;
}
