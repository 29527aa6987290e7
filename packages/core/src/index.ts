/**
 * @twotier/core — referral attribution, first-party storage and the
 * two-level commission engine. Pure: no DOM, Node or network access at import.
 */
export * from './identity';
export * from './attribution';
