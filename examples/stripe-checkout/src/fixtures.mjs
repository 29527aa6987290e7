import { readFileSync } from 'node:fs';

/** The fixture events, in the order they are posted. */
export const FIXTURE_NAMES = Object.freeze(['checkout.session.completed', 'charge.refunded']);

/**
 * A fixture event, made fresh for one run: every Stripe id gets `suffix`
 * (so a second run is a new order rather than a replay), the event and its
 * object are created now (the session's time is the order's time, so it
 * must follow the visitor's touches), and the session carries the given
 * visitor id and referral code (`null` removes the code: attribution then
 * comes from the visitor's touches).
 *
 * @param {string} name one of {@link FIXTURE_NAMES}
 * @param {{ suffix?: string, visitorId?: string, referralCode?: string | null, now?: number }} [options]
 * @returns {{ type: string, data: { object: Record<string, any> } } & Record<string, any>}
 */
export function loadFixture(name, { suffix = '', visitorId, referralCode, now = Math.floor(Date.now() / 1000) } = {}) {
  if (!FIXTURE_NAMES.includes(name)) throw new RangeError(`no fixture ${name}; there are ${FIXTURE_NAMES.join(', ')}`);
  const text = readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8');
  // Ids look like prefix_…; appending keeps their shape.
  const fresh = suffix ? text.replace(/"((?:evt|cs_test|pi|ch|re|req)_[A-Za-z0-9]+)"/g, `"$1${suffix}"`) : text;
  const event = JSON.parse(fresh);
  event.created = now;
  const obj = event.data.object;
  obj.created = now;
  if (obj.object === 'checkout.session') {
    if (visitorId !== undefined) obj.client_reference_id = visitorId;
    if (referralCode === null) delete obj.metadata.twotier_ref;
    else if (referralCode !== undefined) obj.metadata.twotier_ref = referralCode;
  }
  return event;
}
