import { cookieLine, readCookie } from './first-party';
import type { CookieDocument, StorageEngine } from './types';

/** Options of {@link createCookieEngine}. */
export interface CookieEngineOptions {
  /** The page's `document` (or anything with a `cookie` string property). */
  document: CookieDocument;
  /** Adds `Secure`; defaults to whether the page is served over `https:`. */
  secure?: boolean;
  /** `Domain=` attribute, e.g. `.shop.example` to share across subdomains; host-only when absent. */
  domain?: string;
  /** `SameSite=` attribute, `Lax` by default. `None` needs `secure`. */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/**
 * A first-party cookie engine: `max-age` in whole seconds, `path=/`,
 * `SameSite=Lax`, `Secure` on https. Values are URI-encoded. Calls may
 * throw (sandboxed frames, malformed values); the referral store guards them.
 *
 * @example createCookieEngine({ document })
 */
export const createCookieEngine = ({
  document: d,
  secure = d.location?.protocol == 'https:',
  domain,
  sameSite = 'Lax',
}: CookieEngineOptions): StorageEngine => {
  const attributes = `;SameSite=${sameSite}${domain ? ';domain=' + domain : ''}${secure ? ';Secure' : ''}`;
  const set = (key: string, value: string, maxAgeSeconds: number): void => {
    d.cookie = cookieLine(key, value, maxAgeSeconds, attributes);
  };
  return {
    get: (key) => readCookie(d.cookie, key),
    set,
    // A negative max-age deletes (RFC 6265 5.2.2), even within the same millisecond.
    remove: (key) => set(key, '', -1),
  };
};
