/**
 * @twotier/core — referral attribution, first-party storage and the
 * two-level commission engine. Pure: no DOM, Node or network access at import.
 */
export * from './identity';
export * from './ids';
export * from './attribution';
export * from './commission';
export * from './money';
export * from './region';
export * from './payout';
export * from './qr';
export { RuleError, RefundError } from './errors';
export type { RuleErrorCode, RefundErrorCode } from './errors';
// Runtime schemas (zod) live only in '@twotier/core/schema', so importing this entry never bundles zod.
export type { Program, ProgramInput, Rule, Rate, Grade, BonusTier } from './schema/program';
export * from './storage';
