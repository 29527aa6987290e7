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
  const set = (key: string, value: string, maxAgeSeconds: number): void => {
    d.cookie = `${key}=${encodeURIComponent(value)};max-age=${maxAgeSeconds | 0};path=/;SameSite=${sameSite}${
      domain ? ';domain=' + domain : ''
    }${secure ? ';Secure' : ''}`;
  };
  return {
    get(key) {
      // Browsers join cookies with "; ".
      const rest = ('; ' + d.cookie).split('; ' + key + '=')[1];
      return rest == null ? null : decodeURIComponent(rest.split(';')[0]!);
    },
    set,
    // A negative max-age deletes (RFC 6265 5.2.2), even within the same millisecond.
    remove: (key) => set(key, '', -1),
  };
};
