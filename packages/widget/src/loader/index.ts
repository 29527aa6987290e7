export { tag, OUTBOX_KEY } from './tag';
export { extend } from './runtime';
export { createOutbox } from './outbox';
export { decorate } from './decorate';
export type { Outbox, OutboxEvent, OutboxEnv } from './outbox';
export type * from './types';
