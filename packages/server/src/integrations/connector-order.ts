import { browserIdSchema, orderCreateSchema, referralCodeSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { invalid } from '../domain/errors';
import type { OrderInput } from '../services/orders';

/** A platform's order line, in minor units of the order's currency. */
export interface ConnectorLine {
  sku: string;
  category?: string;
  quantity: number;
  /** The line before its discounts: quantity × unit price, as the platform shows it. */
  gross: number;
  /** The line's discounts (its share of order-level discounts included). */
  discount: number;
  /** Tax contained in `gross − discount` when the shop's prices include tax; 0 otherwise. */
  includedTax: number;
}

/**
 * A platform's paid order, already read out of the platform's payload (amounts
 * in minor units): what every adapter produces and {@link toOrderInput}
 * turns into the body `POST /v1/orders` takes.
 */
export interface ConnectorOrder {
  /** twotier's order id (the platform's id, prefixed). */
  id: string;
  currency: string;
  lines: ConnectorLine[];
  /** Shipping as charged, after shipping discounts. */
  shipping: number;
  /** Tax contained in `shipping` when prices include tax. */
  shippingIncludedTax: number;
  /** All tax of the order (lines and shipping), included or added. */
  tax: number;
  customer?: { id?: string; email?: string };
  /** ISO 3166-2 (`CN-ZJ`). */
  region?: string;
  referralCode?: string;
  visitorId?: string;
  /** The first of the order's discount codes that is a twotier coupon. */
  couponCode?: string;
  placedAt?: string;
}

const ok = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
};

/**
 * One line as `POST /v1/orders` takes it, with the base a tax-exclusive shop
 * would have: `net = gross − discount − includedTax`. A tax-inclusive line's
 * tax comes off as part of its discount, so `quantity × unitPrice − discount`
 * is the net either way and the same sale earns the same commission on
 * either kind of shop. When `gross` does not divide by the quantity the unit
 * price is rounded up and the difference joins the discount: the base stays
 * exact, and per-unit rules still see every unit.
 *
 * @example
 * toLine({ sku: 'tea', quantity: 2, gross: 22_600, discount: 2_260, includedTax: 2_340 })
 * // { sku: 'tea', quantity: 2, unitPrice: 11_300, discount: 4_600 } → base 18 000
 */
export function toLine(line: ConnectorLine): OrderInput['items'][number] {
  const net = line.gross - line.discount - line.includedTax;
  if (net < 0) {
    throw invalid('invalid_platform_order', `line ${line.sku}: discounts and included tax (${line.discount + line.includedTax}) exceed the line (${line.gross})`);
  }
  const unitPrice = Math.ceil(Math.max(line.gross, net) / line.quantity);
  const discount = line.quantity * unitPrice - net;
  return {
    sku: line.sku,
    ...(line.category ? { category: line.category } : {}),
    quantity: line.quantity,
    unitPrice,
    ...(discount > 0 ? { discount } : {}),
  };
}

/**
 * The `POST /v1/orders` body of a platform order: lines at their net base,
 * shipping net of its included tax, the order's tax, attribution fields
 * kept only when well formed (a malformed referral code or visitor id is
 * dropped, as a browser's would be). Validated with the same schema the API
 * uses; what it refuses is 422 `invalid_platform_order` with the reasons.
 */
export function toOrderInput(order: ConnectorOrder): OrderInput {
  const shipping = order.shipping - order.shippingIncludedTax;
  const email = ok(z.email().max(254), order.customer?.email?.trim().toLowerCase());
  const customerId = order.customer?.id?.trim() ? order.customer.id.trim().slice(0, 128) : undefined;
  const body = {
    id: order.id,
    currency: order.currency,
    items: order.lines.map(toLine),
    ...(shipping > 0 ? { shipping } : {}),
    ...(order.tax > 0 ? { tax: order.tax } : {}),
    ...(customerId || email ? { customer: { ...(customerId ? { id: customerId } : {}), ...(email ? { email } : {}) } } : {}),
    ...(order.region ? { region: order.region } : {}),
    ...(ok(referralCodeSchema, order.referralCode?.trim()) ? { referralCode: order.referralCode!.trim() } : {}),
    ...(ok(browserIdSchema, order.visitorId?.trim()) ? { visitorId: order.visitorId!.trim() } : {}),
    ...(order.couponCode ? { couponCode: order.couponCode } : {}),
    ...(order.placedAt && !Number.isNaN(Date.parse(order.placedAt)) ? { placedAt: new Date(Date.parse(order.placedAt)).toISOString() } : {}),
  };
  const parsed = orderCreateSchema.safeParse(body);
  if (!parsed.success) {
    throw invalid('invalid_platform_order', `the platform's order does not make a valid order: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
