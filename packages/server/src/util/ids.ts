import { randomFillSync } from 'node:crypto';
import { timeOrderedId } from '@twotier/core';
import { customAlphabet } from 'nanoid';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const codeChars = customAlphabet('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 8);

/**
 * A new id with a readable prefix, e.g. `dst_0vH4kQ2m…`: core's
 * timeOrderedId cut to 20 characters, 8 of the creation time (ms) then 12
 * random ones (~71 bits), letters and digits only. Ids made later sort
 * later, so a new row lands at the end of its primary key's index instead
 * of on a random page of it.
 */
export const newId = (prefix: string): string => `${prefix}_${timeOrderedId(Date.now(), randomBytes21()).slice(0, 20)}`;

/**
 * 21 fresh random bytes, cut from a 4 KiB buffer filled by one call to the
 * system's generator: an order makes a dozen ids, and a call per id cost 4%
 * of the server's CPU per order (`crypto.getRandomValues` pays its fixed
 * cost each time). Each byte is handed out once.
 */
const randomBytes21 = (): Uint8Array => {
  if (poolAt + 21 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 21;
  return pool.subarray(poolAt - 21, poolAt);
};
const pool = new Uint8Array(4096);
let poolAt = pool.length;

/** Random letters and digits, `size` long (default 32): ~190 bits at 32. */
export const randomToken = (size = 32): string => customAlphabet(ALNUM, size)();

/** A referral code for a distributor created without one: 8 unambiguous characters. */
export const newReferralCode = (): string => codeChars();
