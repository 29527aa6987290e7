import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The shop's (deliberately tiny) login: a signed cookie holding who the user
 * is. Real shops have real accounts; what matters here is that the shop
 * knows its user and can sign an identity token for twotier.
 * @typedef {{ id: string, name: string, email: string }} ShopUser
 */

/** Name of the login cookie. */
export const USER_COOKIE = 'ns_user';

/** A stable user id from an email. @param {string} email */
export const userIdFor = (email) => `u_${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 12)}`;

/**
 * @param {string} secret
 */
export function createUserCookies(secret) {
  const mac = (/** @type {string} */ payload) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    /** The cookie value for a user. @param {ShopUser} user */
    seal(user) {
      const payload = Buffer.from(JSON.stringify(user)).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    /** The user in a cookie value, or `null` if absent or tampered. @param {string | undefined} value @returns {ShopUser | null} */
    open(value) {
      const [payload, sig] = (value ?? '').split('.');
      if (!payload || !sig) return null;
      const expected = Buffer.from(mac(payload));
      const actual = Buffer.from(sig);
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
      try {
        const user = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof user?.id === 'string' && typeof user?.email === 'string' && typeof user?.name === 'string' ? user : null;
      } catch {
        return null;
      }
    },
  };
}
