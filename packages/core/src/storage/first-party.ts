/**
 * The formats twotier keeps values in, first-party: cookies (`max-age`,
 * `path=/`, URI-encoded) and localStorage entries with their expiry
 * (`<expiresAtMs>|<value>`), so a value written by one place is read by all.
 * The landing path's `keptValue` and `keepValue` write and read the same lines
 * without URI encoding, which codes and ids (`A–Z a–z 0–9 _ -`) never need.
 */

/** The decoded value of cookie `key` in a `document.cookie` string, or `null`. May throw on a malformed encoding. */
export const readCookie = (cookie: string, key: string): string | null => {
  // Browsers join cookies with "; ".
  const rest = ('; ' + cookie).split('; ' + key + '=')[1];
  return rest == null ? null : decodeURIComponent(rest.split(';')[0]!);
};

/**
 * A `document.cookie` assignment keeping `value` under `key` for `seconds`
 * (whole seconds; `0` or less deletes), with `attributes` appended as given
 * (e.g. `;SameSite=Lax;Secure`).
 */
export const cookieLine = (key: string, value: string, seconds: number, attributes: string): string =>
  `${key}=${encodeURIComponent(value)};max-age=${seconds | 0};path=/${attributes}`;

/** The value of a localStorage entry written by {@link storedLine}, or `null` when absent, expired or malformed. */
export const storedValue = (raw: string | null, now: number): string | null => {
  const [expires, value] = (raw || '').split(/\|(.*)/s);
  return value != null && +expires! > now ? value : null;
};

/** A localStorage entry keeping `value` for `seconds` from `now` (epoch ms). */
export const storedLine = (value: string, seconds: number, now: number): string => now + seconds * 1e3 + '|' + value;
