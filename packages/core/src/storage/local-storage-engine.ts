import { storedLine, storedValue } from './first-party';
import type { KeyValueStorage, StorageEngine } from './types';

/**
 * An engine over `localStorage` (or any `Storage`), which has no expiry of
 * its own: each value is kept as `<expiresAtMs>|<value>` and an expired or
 * malformed entry reads as `null` and is removed.
 *
 * @param storage usually `window.localStorage`; reading that property can itself throw, so pass it from a guarded spot.
 * @param now the clock, in epoch milliseconds.
 * @example createLocalStorageEngine(localStorage)
 */
export const createLocalStorageEngine = (
  storage: KeyValueStorage,
  now: () => number = Date.now,
): StorageEngine => ({
  get(key) {
    const raw = storage.getItem(key);
    const value = storedValue(raw, now());
    if (value != null) return value;
    // Expired or malformed: remove it so nothing stale lingers.
    if (raw !== null) storage.removeItem(key);
    return null;
  },
  set: (key, value, maxAgeSeconds) =>
    maxAgeSeconds > 0 ? storage.setItem(key, storedLine(value, maxAgeSeconds, now())) : storage.removeItem(key),
  remove: (key) => storage.removeItem(key),
});
