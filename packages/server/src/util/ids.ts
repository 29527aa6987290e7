import { customAlphabet } from 'nanoid';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const random = customAlphabet(ALNUM, 12);
const codeChars = customAlphabet('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 8);

/** `ms` as 8 base-62 digits (in ASCII order, so the strings sort as the numbers do until the year 8888). */
const timeDigits = (ms: number): string => {
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = ALNUM[ms % 62]! + out;
    ms = Math.floor(ms / 62);
  }
  return out;
};

/**
 * A new id with a readable prefix, e.g. `dst_0vH4kQ2m…`: 8 characters of the
 * creation time (ms) then 12 random ones (71 bits), letters and digits only.
 * Ids made later sort later, so a new row lands at the end of its primary
 * key's index instead of on a random page of it.
 */
export const newId = (prefix: string): string => `${prefix}_${timeDigits(Date.now())}${random()}`;

/** Random letters and digits, `size` long (default 32): ~190 bits at 32. */
export const randomToken = (size = 32): string => customAlphabet(ALNUM, size)();

/** A referral code for a distributor created without one: 8 unambiguous characters. */
export const newReferralCode = (): string => codeChars();
