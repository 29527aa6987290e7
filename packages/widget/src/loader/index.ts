export { gate, OUTBOX_KEY } from './gate';
export { boot } from './boot';
export { createOutbox } from './outbox';
export { decorate } from './decorate';
export type { Outbox, OutboxEvent, OutboxEnv } from './outbox';
export type * from './types';
