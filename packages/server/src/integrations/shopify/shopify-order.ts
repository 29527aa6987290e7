import { normalizeCurrency } from '@twotier/core';
import { z } from 'zod';
import { invalid } from '../../domain/errors';
import { platformAmount } from '../amounts';
import type { ConnectorLine, ConnectorOrder } from '../connector-order';
import type { PlatformRefund } from '../record';
import { regionFromAddress } from '../region';

/** Shopify money in both currencies (`price_set`, `total_tax_set`, …). */
const moneySet = z
  .object({ shop_money: z.object({ amount: z.union([z.string(), z.number()]), currency_code: z.string().optional() }).passthrough().nullish() })
  .passthrough()
  .nullish();
const amount = z.union([z.string(), z.number()]).nullish();
const taxLine = z.object({ price: amount, price_set: moneySet }).passthrough();
const allocation = z.object({ amount, amount_set: moneySet }).passthrough();

const lineItem = z
  .object({
    id: z.union([z.number(), z.string()]),
    sku: z.string().nullish(),
    variant_id: z.union([z.number(), z.string()]).nullish(),
    product_id: z.union([z.number(), z.string()]).nullish(),
    quantity: z.number().int().min(0),
    price: amount,
    price_set: moneySet,
    gift_card: z.boolean().nullish(),
    discount_allocations: z.array(allocation).nullish(),
    tax_lines: z.array(taxLine).nullish(),
  })
  .passthrough();

const address = z.object({ country_code: z.string().nullish(), province_code: z.string().nullish() }).passthrough().nullish();

/** What twotier reads of Shopify's Order (REST shape, as webhooks deliver it). */
export const shopifyOrderSchema = z
  .object({
    id: z.union([z.number(), z.string()]),
    name: z.string().nullish(),
    currency: z.string(),
    taxes_included: z.boolean().nullish(),
    financial_status: z.string().nullish(),
    cancelled_at: z.string().nullish(),
    processed_at: z.string().nullish(),
    created_at: z.string().nullish(),
    email: z.string().nullish(),
    customer: z.object({ id: z.union([z.number(), z.string()]).nullish(), email: z.string().nullish() }).passthrough().nullish(),
    note_attributes: z.array(z.object({ name: z.string(), value: z.unknown() }).passthrough()).nullish(),
    discount_codes: z.array(z.object({ code: z.string() }).passthrough()).nullish(),
    line_items: z.array(lineItem),
    shipping_lines: z
      .array(
        z
          .object({ price: amount, price_set: moneySet, discounted_price: amount, discounted_price_set: moneySet, discount_allocations: z.array(allocation).nullish(), tax_lines: z.array(taxLine).nullish() })
          .passthrough(),
      )
      .nullish(),
    total_tax: amount,
    total_tax_set: moneySet,
    shipping_address: address,
    billing_address: address,
    refunds: z.array(z.unknown()).nullish(),
  })
  .passthrough();

export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

const refundLineItem = z
  .object({ line_item_id: z.union([z.number(), z.string()]).nullish(), quantity: z.number().int().min(0), line_item: lineItem.partial().passthrough().nullish() })
  .passthrough();

/** What twotier reads of Shopify's Refund (`refunds/create`, and `refunds[]` of an order). */
export const shopifyRefundSchema = z
  .object({
    id: z.union([z.number(), z.string()]),
    order_id: z.union([z.number(), z.string()]),
    refund_line_items: z.array(refundLineItem).nullish(),
    transactions: z
      .array(z.object({ kind: z.string().nullish(), status: z.string().nullish(), amount, currency: z.string().nullish(), amount_set: moneySet }).passthrough())
      .nullish(),
  })
  .passthrough();

export type ShopifyRefund = z.infer<typeof shopifyRefundSchema>;

/** Parses a payload with `schema`; 422 naming what is missing. */
export function parseShopify<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw invalid('invalid_platform_order', `not a Shopify ${what}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/**
 * twotier's order id of a Shopify order: Shopify's own order id (the one
 * `Shopify.checkout.order_id` gives the order status page), so a browser
 * conversion reported with it is confirmed by it, and an order a shop already
 * posted with `POST /v1/orders` is not counted twice.
 */
export const shopifyOrderId = (id: number | string): string => String(id);

/** twotier's refund id of a Shopify refund. */
export const shopifyRefundId = (id: number | string): string => `shopify:refund:${String(id)}`;

/** The shop-currency side of a Shopify amount: `*_set.shop_money` when given, else the plain field (also in the shop's currency). */
const shopMoney = (plain: unknown, set: z.infer<typeof moneySet>, currency: string, field: string): number => {
  const shop = set?.shop_money;
  if (shop && shop.amount !== undefined) {
    if (shop.currency_code && shop.currency_code.toUpperCase() !== currency) {
      throw invalid('currency_mismatch', `${field}_set.shop_money is in ${shop.currency_code}, but the order's shop currency is ${currency}`);
    }
    return platformAmount(shop.amount, currency, `${field}_set.shop_money.amount`);
  }
  return platformAmount(plain, currency, field);
};

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** The sku twotier counts a Shopify line under: its SKU, else its variant, else the line. */
export const shopifySku = (line: { sku?: string | null; variant_id?: unknown; id?: unknown }): string =>
  line.sku?.trim() ? line.sku.trim().slice(0, 128) : line.variant_id ? `variant:${String(line.variant_id)}` : `line:${String(line.id)}`;

const attribute = (order: ShopifyOrder, names: string[]): string | undefined => {
  for (const a of order.note_attributes ?? []) if (names.includes(a.name.trim()) && typeof a.value === 'string' && a.value.trim()) return a.value.trim();
  return undefined;
};

/** The order's currency, upper case; 422 when Shopify names no ISO 4217 currency. */
export const shopifyCurrency = (code: string): string => {
  const currency = normalizeCurrency(code);
  if (!currency) throw invalid('currency_mismatch', `the order's currency "${code}" is not an ISO 4217 currency with a minor unit`);
  return currency;
};

/**
 * A paid Shopify order as the connector's order: each line's price and
 * discount allocations on the shop-money side, its tax lines taken out when
 * the shop's prices include tax (`taxes_included`), shipping after its
 * discounts, the order's tax, the customer, the shipping address's region,
 * and the referral the storefront tag wrote into the cart attributes
 * (`twotier_ref`, `twotier_visitor`: they arrive as `note_attributes`).
 * Discount codes are returned for the caller to find a twotier coupon among.
 */
export function orderFromShopify(order: ShopifyOrder): { order: ConnectorOrder; discountCodes: string[] } {
  const currency = shopifyCurrency(order.currency);
  const included = order.taxes_included === true;
  const lines: ConnectorLine[] = order.line_items
    .filter((l) => l.quantity > 0)
    .map((l, i) => {
      const at = `line_items[${i}]`;
      const unit = shopMoney(l.price, l.price_set, currency, `${at}.price`);
      const discount = sum((l.discount_allocations ?? []).map((a, j) => shopMoney(a.amount, a.amount_set, currency, `${at}.discount_allocations[${j}].amount`)));
      const tax = included ? sum((l.tax_lines ?? []).map((t, j) => shopMoney(t.price, t.price_set, currency, `${at}.tax_lines[${j}].price`))) : 0;
      return { sku: shopifySku(l), ...(l.gift_card ? { category: 'gift_card' } : {}), quantity: l.quantity, gross: l.quantity * unit, discount, includedTax: tax };
    });
  let shipping = 0;
  let shippingIncludedTax = 0;
  (order.shipping_lines ?? []).forEach((s, i) => {
    const at = `shipping_lines[${i}]`;
    const charged =
      s.discounted_price_set?.shop_money || (s.discounted_price !== undefined && s.discounted_price !== null)
        ? shopMoney(s.discounted_price, s.discounted_price_set, currency, `${at}.discounted_price`)
        : shopMoney(s.price, s.price_set, currency, `${at}.price`) -
          sum((s.discount_allocations ?? []).map((a, j) => shopMoney(a.amount, a.amount_set, currency, `${at}.discount_allocations[${j}].amount`)));
    shipping += Math.max(0, charged);
    if (included) shippingIncludedTax += sum((s.tax_lines ?? []).map((t, j) => shopMoney(t.price, t.price_set, currency, `${at}.tax_lines[${j}].price`)));
  });
  const address = order.shipping_address ?? order.billing_address;
  const customerId = order.customer?.id;
  const email = order.customer?.email ?? order.email ?? undefined;
  return {
    order: {
      id: shopifyOrderId(order.id),
      currency,
      lines,
      shipping,
      shippingIncludedTax: Math.min(shippingIncludedTax, shipping),
      tax: shopMoney(order.total_tax, order.total_tax_set, currency, 'total_tax'),
      ...(customerId !== undefined && customerId !== null || email ? { customer: { ...(customerId ? { id: String(customerId) } : {}), ...(email ? { email } : {}) } } : {}),
      region: regionFromAddress(address?.country_code, address?.province_code),
      referralCode: attribute(order, ['twotier_ref', '_twotier_ref']),
      visitorId: attribute(order, ['twotier_visitor', '_twotier_visitor', 'twotier_vid']),
      placedAt: order.processed_at ?? order.created_at ?? undefined,
    },
    discountCodes: (order.discount_codes ?? []).map((d) => d.code),
  };
}

/**
 * A Shopify refund as the connector's refund: by its refunded line items
 * (`refund_line_items`, under the same sku as the order's lines), and by the
 * money of its successful refund transactions when they are in the shop's
 * currency (a refund paid back in another presentment currency reverses by
 * its items only). Without line items, by that money alone.
 */
export function refundFromShopify(refund: ShopifyRefund, currency: string): PlatformRefund {
  const items = new Map<string, number>();
  for (const r of refund.refund_line_items ?? []) {
    if (r.quantity <= 0) continue;
    const sku = shopifySku({ sku: r.line_item?.sku, variant_id: r.line_item?.variant_id, id: r.line_item?.id ?? r.line_item_id });
    items.set(sku, (items.get(sku) ?? 0) + r.quantity);
  }
  let money = 0;
  let moneyKnown = true;
  (refund.transactions ?? []).forEach((t, i) => {
    if (t.kind !== 'refund' || (t.status ?? 'success') !== 'success') return;
    const shop = t.amount_set?.shop_money;
    if (shop && shop.amount !== undefined) money += shopMoney(t.amount, t.amount_set, currency, `transactions[${i}].amount`);
    else if (!t.currency || t.currency.toUpperCase() === currency) money += platformAmount(t.amount, currency, `transactions[${i}].amount`);
    else moneyKnown = false;
  });
  if (items.size === 0 && !moneyKnown) {
    throw invalid('currency_mismatch', `refund ${String(refund.id)} was paid in another currency than the shop's ${currency} and names no line items: its amount in ${currency} is unknown`);
  }
  return {
    id: shopifyRefundId(refund.id),
    ...(moneyKnown && money > 0 ? { amount: money } : {}),
    ...(items.size > 0 ? { items: [...items].map(([sku, quantity]) => ({ sku, quantity })) } : {}),
  };
}
