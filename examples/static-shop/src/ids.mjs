import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Random letters and digits without look-alikes (no I, O, 0, 1).
 * @param {number} length
 */
export function randomCode(length) {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/**
 * The shop's order number: date and a random part, e.g. `LX-20261126-K7Q2XW`.
 * Random rather than counted so that several shop instances sharing one
 * twotier server (a demo, a test) never reuse an id.
 * @param {Date} [now]
 */
export function newOrderId(now = new Date()) {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `LX-${day}-${randomCode(6)}`;
}

/** An opaque session token for the shop's login cookie. */
export const newSessionToken = () => randomBytes(24).toString('base64url');
