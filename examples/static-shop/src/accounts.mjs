import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { newSessionToken, randomCode } from './ids.mjs';

const scryptAsync = /** @type {(pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>} */ (promisify(scrypt));
const SCRYPT = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
/** How long a login lasts. */
export const SESSION_SECONDS = 7 * 24 * 3600;

/** Sign-up or log-in refused; the message is shown on the form. */
export class AccountError extends Error {
  /** @override */
  name = 'AccountError';
}

/**
 * @typedef {{ id: string, email: string, name: string, passwordHash: string, admin: boolean, createdAt: string }} User
 * @typedef {{ users: User[] }} AccountData
 */

/**
 * Hashes a password with scrypt and a random salt: `scrypt$N$r$p$salt$hash`.
 * @param {string} password
 */
export async function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Checks a password against {@link hashPassword}'s output in constant time.
 * @param {string} password
 * @param {string} stored
 */
export async function verifyPassword(password, stored) {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

/**
 * The shop's own accounts and login sessions. Users persist in the given
 * store; sessions live in memory (a restart logs everyone out).
 * @param {{ data: AccountData, save: () => void }} store
 * @param {{ now?: () => number }} [options]
 */
export function createAccounts(store, options = {}) {
  const now = options.now ?? Date.now;
  /** @type {Map<string, { userId: string, expires: number }>} */
  const sessions = new Map();
  const byEmail = (/** @type {string} */ email) => store.data.users.find((u) => u.email === email);

  return {
    /**
     * Creates an account. Emails are unique, case-insensitively; `id` may be
     * given (seeding known users), else a random one is made.
     * @param {{ email: string, name: string, password: string, admin?: boolean, id?: string }} input
     * @returns {Promise<User>}
     */
    async signUp({ email, name, password, admin = false, id }) {
      const cleanEmail = String(email ?? '').trim().toLowerCase();
      const cleanName = String(name ?? '').trim();
      if (!EMAIL.test(cleanEmail)) throw new AccountError('Enter a valid email address.');
      if (cleanName.length < 1 || cleanName.length > 60) throw new AccountError('Enter your name (at most 60 characters).');
      if (typeof password !== 'string' || password.length < 8 || password.length > 200) {
        throw new AccountError('Choose a password of at least 8 characters.');
      }
      if (byEmail(cleanEmail)) throw new AccountError('An account with this email already exists. Log in instead.');
      if (id !== undefined && (!/^[\w-]{1,64}$/.test(id) || store.data.users.some((u) => u.id === id))) {
        throw new AccountError(`The user id ${id} is malformed or taken.`);
      }
      /** @type {User} */
      const user = { id: id ?? `u_${randomCode(10)}`, email: cleanEmail, name: cleanName, passwordHash: await hashPassword(password), admin, createdAt: new Date(now()).toISOString() };
      store.data.users.push(user);
      store.save();
      return user;
    },

    /**
     * Checks an email and password; the same message for both mistakes.
     * @param {string} email
     * @param {string} password
     * @returns {Promise<User>}
     */
    async logIn(email, password) {
      const user = byEmail(String(email ?? '').trim().toLowerCase());
      if (!user || typeof password !== 'string' || !(await verifyPassword(password, user.passwordHash))) {
        throw new AccountError('Wrong email or password.');
      }
      return user;
    },

    /** Opens a session and returns its token. @param {User} user */
    openSession(user) {
      const token = newSessionToken();
      sessions.set(token, { userId: user.id, expires: now() + SESSION_SECONDS * 1000 });
      return token;
    },

    /** The user of a session token, or `null`. @param {string | undefined} token @returns {User | null} */
    userForSession(token) {
      const s = token ? sessions.get(token) : undefined;
      if (!s) return null;
      if (s.expires <= now()) {
        sessions.delete(/** @type {string} */ (token));
        return null;
      }
      return store.data.users.find((u) => u.id === s.userId) ?? null;
    },

    /** Ends a session. @param {string | undefined} token */
    closeSession(token) {
      if (token) sessions.delete(token);
    },

    /** @param {string} id */
    findUser: (id) => store.data.users.find((u) => u.id === id) ?? null,
    findByEmail: byEmail,
  };
}
