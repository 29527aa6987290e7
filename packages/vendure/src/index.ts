/**
 * @twotier/vendure — a Vendure plugin that sends paid orders, settled refunds
 * and cancellations to twotier, through a durable outbox.
 */
export { TwotierPlugin } from './twotier-plugin';
export { TwotierOutboxService } from './outbox-service';
export type { DeliveryReport } from './outbox-service';
export { TwotierOutboxEntry } from './outbox-entry';
export type { OutboxKind, OutboxStatus } from './outbox-entry';
export type { TwotierPluginOptions } from './options';
export { toTwotierOrder, orderTotalPaid, OrderMappingError } from './map-order';
export type { VendureOrderLike, VendureLineLike, ToTwotierOrderOptions } from './map-order';
export { regionOf } from './region';
export type { AddressLike, ProvinceLike } from './region';
export { toMinorUnits } from './money';
