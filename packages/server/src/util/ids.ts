import { customAlphabet } from 'nanoid';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const random = customAlphabet(ALNUM, 20);
const codeChars = customAlphabet('23456789ABCDEFGHJKLMNPQRSTUVWXYZ', 8);

/** A new id with a readable prefix, e.g. `dst_3kT…`. Only letters and digits after the prefix. */
export const newId = (prefix: string): string => `${prefix}_${random()}`;

/** Random letters and digits, `size` long (default 32): ~190 bits at 32. */
export const randomToken = (size = 32): string => customAlphabet(ALNUM, size)();

/** A referral code for a distributor created without one: 8 unambiguous characters. */
export const newReferralCode = (): string => codeChars();
