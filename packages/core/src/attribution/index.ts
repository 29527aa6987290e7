export {
  DEFAULT_REFERRAL_PARAMS,
  isValidReferralCode,
  normalizeReferralCode,
  readReferralCode,
  stripReferralParams,
} from './read-referral';
export { compareTouches, isTouchInWindow, pickTouch, resolveAttribution } from './resolve';
export { isBindingActive, nextBinding } from './binding';
export { customerKeys } from './customer-keys';
export { AttributionError } from './errors';
export type { ResolveAttributionInput } from './resolve';
export type { NextBindingInput } from './binding';
export type { Attribution, AttributionSettings, AttributionSource, Binding, Touch } from './types';
