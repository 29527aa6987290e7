/**
 * @twotier/medusa — a Medusa v2 plugin that sends paid orders, refunds and
 * cancellations to twotier. Medusa loads the plugin from `.medusa/server`
 * (see `build.mjs`); this entry exports its options type and the pure
 * conversion, for tests and for shops that want to check an order by hand.
 */
export type { TwotierMedusaOptions, ResolvedOptions } from './options';
export { resolveOptions } from './options';
export { convertOrder } from './convert/order-input';
export type { ConvertedOrder } from './convert/order-input';
export { planEvents, isCaptured } from './convert/plan';
export type { PlannedEvent } from './convert/plan';
export { regionOf } from './convert/region';
export { ORDER_FIELDS } from './convert/medusa-order';
export type * from './convert/medusa-order';
export { AmountError } from './amounts/decimal';
export { TWOTIER_MODULE } from './constants';
