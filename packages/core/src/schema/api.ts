/**
 * Wire schemas of the twotier HTTP API v1: every request body the server
 * validates and every response shape the SDK and widget read.
 */
export * from './api-common';
export * from './api-shop';
export * from './origin';
export * from './api-distributor';
export * from './api-order';
export * from './api-ledger';
export * from './api-browser';
export * from './api-extras';
export * from './api-payout';
export * from './api-me-commissions';
export * from './api-admin';
export * from './api-features';
export * from './api-integrations';
export * from './api-report-queries';
