import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A tiny persistent document: the whole state in one JSON file, written
 * atomically (temp file + rename) after every change. Enough for a small
 * shop's users and orders; without a file it lives in memory only.
 *
 * @template T
 * @param {string | undefined} file
 * @param {() => T} initial
 * @returns {{ data: T, save: () => void }}
 */
export function createJsonStore(file, initial) {
  /** @type {T} */
  let data = initial();
  if (file) {
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
    }
  }
  return {
    get data() {
      return data;
    },
    save() {
      if (!file) return;
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(data, null, 2));
      renameSync(tmp, file);
    },
  };
}
