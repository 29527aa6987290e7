import type { OrderCreate, OrderItem } from '@twotier/core/schema';
import { orderCreateSchema } from '@twotier/core/schema';
import {
  AmountError,
  ONE,
  ZERO,
  add,
  amountText,
  div,
  exactMinorUnits,
  isNegative,
  mul,
  parseDecimal,
  ratio,
  readAmount,
  roundedMinorUnits,
  sub,
  sum,
  type Ratio,
} from '../amounts/decimal';
import type { ResolvedOptions } from '../options';
import type { MedusaAdjustment, MedusaLineItem, MedusaOrder, MedusaShippingMethod, MedusaTaxLine } from './medusa-order';
import { regionOf } from './region';

/** An order converted for `POST /v1/orders`, with what it charged in minor units. */
export interface ConvertedOrder {
  input: OrderCreate;
  /** What the customer was charged, rounded once: Σ lines − discounts + shipping + tax. */
  totalPaid: number;
}

const compact = <T>(list: (T | null | undefined)[] | null | undefined): T[] => (list ?? []).filter((x): x is T => x != null);

/** The first of `raw` and `plain` that is given. */
const pick = (raw: unknown, plain: unknown): unknown => (raw !== undefined && raw !== null ? raw : plain);

/** Σ of the tax lines' rates as a fraction (`19` → 19/100), as Medusa sums them. */
const taxRate = (lines: (MedusaTaxLine | null)[] | null | undefined, what: string): Ratio =>
  div(sum(compact(lines).map((l) => readAmount(pick(l.raw_rate, l.rate), `tax rate of ${what}`))), ratio(100));

/** A price or adjustment without its tax when it included it, as Medusa computes it. */
const net = (amount: Ratio, taxInclusive: boolean, rate: Ratio): Ratio => (taxInclusive ? div(amount, add(ONE, rate)) : amount);

/** Σ of the adjustments (promotions) without tax. */
const adjustmentsNet = (adjustments: (MedusaAdjustment | null)[] | null | undefined, rate: Ratio, what: string): Ratio =>
  sum(compact(adjustments).map((a) => net(readAmount(pick(a.raw_amount, a.amount), `discount of ${what}`), a.is_tax_inclusive === true, rate)));

const wholeQuantity = (item: MedusaLineItem, what: string): number => {
  const q = parseDecimal(
    amountText(pick(item.raw_quantity, pick(item.quantity, pick(item.detail?.raw_quantity, item.detail?.quantity))), `quantity of ${what}`),
  );
  if (q.d !== 1n || q.n < 1n || q.n > 1_000_000n) throw new AmountError(`quantity of ${what} must be a whole number from 1 to 1,000,000`);
  return Number(q.n);
};

const skuOf = (item: MedusaLineItem): string => item.variant_sku || item.variant_id || item.product_id || item.id;

const categoryOf = (item: MedusaLineItem, from: ResolvedOptions['categoryFrom']): string | undefined => {
  const value = from === 'product_type' ? item.product_type : from === 'product_collection' ? item.product_collection : null;
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 128) : undefined;
};

interface Line {
  item: OrderItem;
  /** The line as charged, tax included, exact. */
  charged: Ratio;
}

/**
 * One line. A tax-exclusive price is taken exactly (a price with more decimal
 * places than the currency has is refused). A tax-inclusive price is brought
 * to the net unit price a tax-exclusive shop would list, with the line's own
 * tax lines: `unit_price / (1 + Σ rates)`, rounded once. Promotions become
 * the line's discount, without tax, rounded once.
 */
function convertLine(line: MedusaLineItem, currency: string, options: ResolvedOptions): Line {
  const sku = skuOf(line);
  const what = `line ${sku}`;
  const quantity = wholeQuantity(line, what);
  const priceText = amountText(pick(line.raw_unit_price, line.unit_price), `unit price of ${what}`);
  const price = parseDecimal(priceText);
  if (isNegative(price)) throw new AmountError(`unit price of ${what} is negative (${priceText})`);
  const unitExact = exactMinorUnits(priceText, currency, `unit price of ${what}`);
  const rate = taxRate(line.tax_lines, what);
  const inclusive = line.is_tax_inclusive === true;
  const netUnit = net(price, inclusive, rate);
  const unitPrice = inclusive ? roundedMinorUnits(netUnit, currency, `net unit price of ${what}`) : unitExact;
  const discountNet = adjustmentsNet(line.adjustments, rate, what);
  if (isNegative(discountNet)) throw new AmountError(`discount of ${what} is negative`);
  const discount = Math.min(roundedMinorUnits(discountNet, currency, `discount of ${what}`), quantity * unitPrice);
  const category = categoryOf(line, options.categoryFrom);
  const item: OrderItem = { sku: sku.slice(0, 128), quantity, unitPrice };
  if (category) item.category = category;
  if (discount > 0) item.discount = discount;
  const taxable = sub(mul(ratio(quantity), netUnit), discountNet);
  return { item, charged: mul(taxable, add(ONE, rate)) };
}

/** Shipping without tax and after its promotions, and as charged. */
function convertShipping(methods: MedusaShippingMethod[]): { net: Ratio; charged: Ratio } {
  let netTotal = ZERO;
  let charged = ZERO;
  for (const [i, m] of methods.entries()) {
    const what = `shipping method ${m.id ?? i + 1}`;
    const rate = taxRate(m.tax_lines, what);
    const amount = net(readAmount(pick(m.raw_amount, m.amount), `amount of ${what}`), m.is_tax_inclusive === true, rate);
    const taxable = sub(amount, adjustmentsNet(m.adjustments, rate, what));
    netTotal = add(netTotal, taxable);
    charged = add(charged, mul(taxable, add(ONE, rate)));
  }
  return { net: netTotal, charged };
}

const metadataString = (metadata: MedusaOrder['metadata'], key: string): string | undefined => {
  const value = metadata?.[key];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
};

const iso = (value: string | Date | null | undefined): string | undefined => {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** Fields a storefront or a customer typed: a bad one is left out rather than losing the order's commissions. */
const OPTIONAL_PATHS = new Set(['referralCode', 'visitorId', 'couponCode', 'region', 'customer']);

/**
 * A Medusa order as twotier's `POST /v1/orders` body. Lines keep the net
 * price (tax-inclusive prices brought to the tax-exclusive base), shipping is
 * net of tax, and `tax` is the rest of what the customer was charged — the
 * platform's tax lines, plus the sub-cent Medusa leaves to the payment
 * provider — so that twotier's total paid is the charged total rounded once.
 * The referral and visitor id come from the order's metadata (copied from
 * the cart), the region from the shipping address (ISO 3166-2).
 *
 * Throws {@link AmountError} with the reason when an amount is not exact.
 */
export function convertOrder(order: MedusaOrder, options: ResolvedOptions): ConvertedOrder {
  const currency = String(order.currency_code ?? '').toUpperCase();
  try {
    exactMinorUnits('0', currency, 'currency');
  } catch {
    throw new AmountError(`order currency "${order.currency_code}" is not an ISO 4217 currency with a minor unit`);
  }
  const lines = compact(order.items).map((item) => convertLine(item, currency, options));
  if (lines.length === 0) throw new AmountError('the order has no line items');
  const shipping = convertShipping(compact(order.shipping_methods));
  const charged = add(sum(lines.map((l) => l.charged)), shipping.charged);
  const totalPaid = roundedMinorUnits(charged, currency, 'order total');
  const shippingMinor = Math.max(0, roundedMinorUnits(shipping.net, currency, 'shipping'));
  const goods = lines.reduce((s, l) => s + l.item.quantity * l.item.unitPrice - (l.item.discount ?? 0), 0);
  const tax = Math.max(0, totalPaid - goods - shippingMinor);

  const input: OrderCreate = {
    id: `${options.idPrefix}${order.id}`,
    currency,
    items: lines.map((l) => l.item),
  };
  if (shippingMinor > 0) input.shipping = shippingMinor;
  if (tax > 0) input.tax = tax;
  const customer: NonNullable<OrderCreate['customer']> = {};
  if (order.customer_id) customer.id = order.customer_id;
  if (order.email) customer.email = order.email.trim();
  if (customer.id || customer.email) input.customer = customer;
  const region = regionOf(order.shipping_address);
  if (region) input.region = region;
  const referralCode = metadataString(order.metadata, options.referralKey);
  if (referralCode) input.referralCode = referralCode;
  const visitorId = metadataString(order.metadata, options.visitorKey);
  if (visitorId) input.visitorId = visitorId;
  const coupon = compact(order.items).flatMap((i) => compact(i.adjustments)).find((a) => a.code)?.code;
  if (coupon) input.couponCode = coupon;
  const placedAt = iso(order.created_at);
  if (placedAt) input.placedAt = placedAt;

  return { input: withoutBadOptionalFields(input), totalPaid: Math.max(totalPaid, goods + shippingMinor) };
}

/** Leaves out optional fields twotier would refuse; anything else wrong is an {@link AmountError}. */
function withoutBadOptionalFields(input: OrderCreate): OrderCreate {
  let result = orderCreateSchema.safeParse(input);
  if (result.success) return input;
  const cleaned: Record<string, unknown> = { ...input };
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (OPTIONAL_PATHS.has(field)) delete cleaned[field];
  }
  result = orderCreateSchema.safeParse(cleaned);
  if (result.success) return cleaned as OrderCreate;
  throw new AmountError(result.error.issues.map((i) => `${i.path.join('.') || 'order'}: ${i.message}`).join('; '));
}
