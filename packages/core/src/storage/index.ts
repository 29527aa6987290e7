export { createCookieEngine } from './cookie-engine';
export { createLocalStorageEngine } from './local-storage-engine';
export { createMemoryEngine } from './memory-engine';
export { createVisitorId } from './visitor-id';
export { CONSENT_KEY, REFERRAL_KEY, VISITOR_KEY, createReferralStore } from './referral-store';
export type { CookieEngineOptions } from './cookie-engine';
export type { ReferralStore, ReferralStoreOptions } from './referral-store';
export type { CookieDocument, KeyValueStorage, ReferralState, StorageEngine } from './types';
