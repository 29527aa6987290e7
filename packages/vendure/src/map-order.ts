import { normalizeCurrency } from '@twotier/core';
import { orderCreateSchema, type OrderCreate } from '@twotier/core/schema';
import { toMinorUnits } from './money';

/** The fields of a Vendure `OrderLine` the mapping reads (Vendure's own calculated getters). */
export interface VendureLineLike {
  quantity: number;
  /** One unit, net of tax, before discounts: Vendure derives it from a tax-inclusive price. */
  unitPrice: number;
  /** `unitPrice × quantity`. */
  linePrice: number;
  /** The line net of tax after its own discounts and its share of order-level discounts. */
  proratedLinePrice: number;
  productVariant?: { id: string | number; sku?: string | null } | null;
}

/** The fields of a Vendure `Order` the mapping reads. */
export interface VendureOrderLike {
  code: string;
  currencyCode: string;
  orderPlacedAt?: Date | null;
  /** Net of tax: lines, surcharges and shipping. */
  total: number;
  /** What the customer paid. */
  totalWithTax: number;
  /** Shipping net of tax, after shipping discounts. */
  shipping: number;
  lines: VendureLineLike[];
  customer?: { id: string | number; emailAddress?: string | null } | null;
  couponCodes?: string[] | null;
  customFields?: { twotierRef?: string | null; twotierVisitor?: string | null } | null;
}

/** Options of {@link toTwotierOrder}. */
export interface ToTwotierOrderOptions {
  /** twotier's order id (the plugin uses `vendure:<order code>`). */
  orderId: string;
  /** The MoneyStrategy's precision (Vendure's default 2). */
  precision: number;
  /** ISO 3166-2 region of the shipping address, from {@link regionOf}. */
  region?: string | undefined;
  /** Prefix of the customer id sent to twotier (default `vendure:`). */
  customerPrefix?: string;
  /** Receives one line per field left out because twotier would refuse it. */
  warnings?: string[];
}

/** A Vendure order that cannot become a twotier order, with the reason in words. */
export class OrderMappingError extends Error {
  override readonly name = 'OrderMappingError';
}

/** Fields twotier may refuse that the order is better sent without (it stays attributable by the others). */
const DROPPABLE = new Set(['referralCode', 'visitorId', 'couponCode', 'region', 'customer', 'placedAt']);

const issuesOf = (body: OrderCreate) => {
  const parsed = orderCreateSchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues;
};

/**
 * A paid Vendure order → the body of twotier's `POST /v1/orders`.
 *
 * Lines carry Vendure's net figures, so a channel whose prices include tax
 * gives the same commission base as one whose prices do not: `unitPrice` is
 * the net unit price and each line's discount is `linePrice −
 * proratedLinePrice` (its own promotions and its share of order-level ones,
 * net of tax, as Vendure prorated them). Shipping is net; `tax` is
 * `totalWithTax − total`; net surcharges go with shipping (a negative one is
 * an order discount), so the order's total paid is exactly Vendure's
 * `totalWithTax` and a refund by amount reverses the right share.
 *
 * A referral code, visitor id or e-mail that twotier would refuse is left
 * out rather than losing the order; an order that still does not fit throws
 * {@link OrderMappingError}.
 *
 * @example
 * toTwotierOrder(order, { orderId: `vendure:${order.code}`, precision: 2, region: 'CN-ZJ' })
 * // { id: 'vendure:AB12', currency: 'CNY', items: [{ sku: 'TEA-LJ-250', quantity: 2, unitPrice: 12800, discount: 0 }], … }
 */
export function toTwotierOrder(order: VendureOrderLike, options: ToTwotierOrderOptions): OrderCreate {
  const currency = normalizeCurrency(order.currencyCode ?? '');
  if (!currency) throw new OrderMappingError(`order ${order.code}: "${order.currencyCode}" is not an ISO 4217 currency`);
  const money = (value: number) => toMinorUnits(value, currency, options.precision);

  const items: OrderCreate['items'] = [];
  let lines = 0;
  for (const line of order.lines) {
    if (line.quantity <= 0) continue; // cancelled before payment
    const unitPrice = money(line.unitPrice);
    const net = money(line.proratedLinePrice);
    const gross = unitPrice * line.quantity;
    const discount = Math.min(gross, Math.max(0, gross - net));
    const variant = line.productVariant;
    const sku = variant?.sku?.trim() || `variant-${String(variant?.id ?? 'unknown')}`;
    items.push({ sku: sku.slice(0, 128), quantity: line.quantity, unitPrice, discount });
    lines += gross - discount;
  }
  if (items.length === 0) throw new OrderMappingError(`order ${order.code} has no lines with a quantity`);

  const totalWithTax = money(order.totalWithTax);
  const total = money(order.total);
  const shipping = money(order.shipping);
  // Surcharges (and any rounding left by the currency's scale): positive ones are not commissionable.
  const extra = total - lines - shipping;
  const body: OrderCreate = {
    id: options.orderId,
    currency,
    items,
    shipping: Math.max(0, shipping + Math.max(0, extra)),
    tax: Math.max(0, totalWithTax - total),
  };
  if (extra < 0) body.discount = Math.min(lines, -extra);

  const prefix = options.customerPrefix ?? 'vendure:';
  if (order.customer) {
    body.customer = { id: `${prefix}${String(order.customer.id)}` };
    const email = order.customer.emailAddress?.trim();
    if (email) body.customer.email = email;
  }
  const ref = order.customFields?.twotierRef?.trim();
  const visitor = order.customFields?.twotierVisitor?.trim();
  const coupon = order.couponCodes?.find((c) => c.trim().length > 0)?.trim();
  if (ref) body.referralCode = ref;
  if (visitor) body.visitorId = visitor;
  if (coupon) body.couponCode = coupon;
  if (options.region) body.region = options.region;
  if (order.orderPlacedAt) body.placedAt = new Date(order.orderPlacedAt).toISOString();

  // A referral code, visitor id, e-mail or region twotier would refuse (422) is dropped, not the order.
  let issues = issuesOf(body);
  const droppable = issues.filter((i) => DROPPABLE.has(String(i.path[0])));
  if (droppable.length > 0) {
    for (const { path, message } of droppable) {
      options.warnings?.push(`${path.join('.')} left out: ${message}`);
      if (path[0] === 'customer' && body.customer && (path[1] === 'id' || path[1] === 'email')) delete body.customer[path[1]];
      else delete (body as Record<string, unknown>)[String(path[0])];
    }
    if (body.customer && Object.keys(body.customer).length === 0) delete body.customer;
    issues = issuesOf(body);
  }
  if (issues.length > 0) {
    const reason = issues.map((i) => `${i.path.join('.') || 'order'}: ${i.message}`).join('; ');
    throw new OrderMappingError(`order ${order.code} cannot be sent to twotier: ${reason}`);
  }
  return body;
}

/** What the customer paid for the order, as twotier counts it (`totalPaid`): lines − discount + shipping + tax. */
export function orderTotalPaid(order: OrderCreate): number {
  let sum = 0;
  for (const item of order.items) sum += item.quantity * item.unitPrice - (item.discount ?? 0);
  return sum - (order.discount ?? 0) + (order.shipping ?? 0) + (order.tax ?? 0);
}
