import { createLocalStorageEngine } from './local-storage-engine';
import type { StorageEngine } from './types';

/**
 * An engine that keeps values in memory for the life of the page (or
 * process), honouring `maxAgeSeconds`. For tests, for server-side use, and
 * as the store's copy while nothing else may or can be written.
 *
 * @param now the clock, in epoch milliseconds.
 */
export const createMemoryEngine = (now?: () => number): StorageEngine => {
  const map = new Map<string, string>();
  return createLocalStorageEngine(
    {
      getItem: (key) => map.get(key) ?? null,
      setItem: (key, value) => void map.set(key, value),
      removeItem: (key) => void map.delete(key),
    },
    now,
  );
};
