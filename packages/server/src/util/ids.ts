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
export const newId = (prefix: string): string => `${prefix}_${timeOrderedId().slice(0, 20)}`;

/** Random letters and digits, `size` long (default 32): ~190 bits at 32. */
export const randomToken = (size = 32): string => customAlphabet(ALNUM, size)();

/** A referral code for a distributor created without one: 8 unambiguous characters. */
export const newReferralCode = (): string => codeChars();
