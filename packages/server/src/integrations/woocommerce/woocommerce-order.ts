import { normalizeCurrency, readReferralCode } from '@twotier/core';
import { z } from 'zod';
import { invalid } from '../../domain/errors';
import { platformAmount, roundedSum } from '../amounts';
import type { ConnectorLine, ConnectorOrder } from '../connector-order';
import { regionFromAddress } from '../region';

const amount = z.union([z.string(), z.number()]).nullish();
const id = z.union([z.number(), z.string()]);
const address = z.object({ email: z.string().nullish(), country: z.string().nullish(), state: z.string().nullish() }).passthrough().nullish();

/** What twotier reads of a WooCommerce order (REST API v3, the webhook's payload). */
export const wooOrderSchema = z
  .object({
    id,
    status: z.string(),
    currency: z.string(),
    prices_include_tax: z.boolean().nullish(),
    date_created_gmt: z.string().nullish(),
    date_paid_gmt: z.string().nullish(),
    shipping_total: amount,
    total_tax: amount,
    customer_id: id.nullish(),
    billing: address,
    shipping: address,
    meta_data: z.array(z.object({ key: z.string(), value: z.unknown() }).passthrough()).nullish(),
    line_items: z.array(
      z
        .object({
          id,
          sku: z.string().nullish(),
          product_id: id.nullish(),
          variation_id: id.nullish(),
          quantity: z.number(),
          subtotal: amount,
          subtotal_tax: amount,
          total: amount,
          total_tax: amount,
        })
        .passthrough(),
    ),
    coupon_lines: z.array(z.object({ code: z.string() }).passthrough()).nullish(),
    refunds: z.array(z.object({ id, total: amount }).passthrough()).nullish(),
  })
  .passthrough();

export type WooOrder = z.infer<typeof wooOrderSchema>;

/** Parses a webhook body as a WooCommerce order; 422 naming what is missing. */
export function parseWooOrder(body: unknown): WooOrder {
  const r = wooOrderSchema.safeParse(body);
  if (!r.success) throw invalid('invalid_platform_order', `not a WooCommerce order: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/**
 * twotier's order id of a WooCommerce order: WooCommerce's own id, so a browser
 * conversion reported with it on the thank-you page is confirmed by it, and an
 * order a shop already posted with `POST /v1/orders` is not counted twice.
 */
export const wooOrderId = (orderId: number | string): string => String(orderId);

/** twotier's refund id of a WooCommerce refund. */
export const wooRefundId = (refundId: number | string): string => `woocommerce:refund:${String(refundId)}`;

/** Order meta keys the storefront (or the PHP snippet) sets, with or without WordPress's hiding underscore. */
const META_REF = ['twotier_ref', '_twotier_ref'];
const META_VISITOR = ['twotier_visitor', '_twotier_visitor', 'twotier_vid', '_twotier_vid'];
/** WooCommerce's built-in order attribution (since 8.5): the landing page of the buying session, with its query string. */
const META_SESSION_ENTRY = '_wc_order_attribution_session_entry';

const meta = (order: WooOrder, keys: string[]): string | undefined => {
  for (const key of keys) {
    const hit = order.meta_data?.find((m) => m.key === key && typeof m.value === 'string' && m.value.trim());
    if (hit) return (hit.value as string).trim();
  }
  return undefined;
};

/** WooCommerce's `*_gmt` dates carry no offset: they are UTC. */
const gmt = (text: string | null | undefined): string | undefined => (text ? (/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`) : undefined);

/** The sku a WooCommerce line counts under: its SKU, else its variation or product id, else the line id. */
export const wooSku = (line: { sku?: string | null; product_id?: unknown; variation_id?: unknown; id: unknown }): string =>
  line.sku?.trim()
    ? line.sku.trim().slice(0, 128)
    : line.variation_id && String(line.variation_id) !== '0'
      ? `variation:${String(line.variation_id)}`
      : line.product_id && String(line.product_id) !== '0'
        ? `product:${String(line.product_id)}`
        : `line:${String(line.id)}`;

/** The order's currency, upper case; 422 when it is not ISO 4217. */
export const wooCurrency = (code: string): string => {
  const currency = normalizeCurrency(code);
  if (!currency) throw invalid('currency_mismatch', `the order's currency "${code}" is not an ISO 4217 currency with a minor unit`);
  return currency;
};

/**
 * A WooCommerce order as the connector's order. WooCommerce stores every
 * line net of tax: `subtotal` before discounts, `total` after, tax beside
 * them. A shop whose prices include tax (`prices_include_tax`) has those net
 * figures unrounded (`"90.909091"`, WooCommerce keeps the exact split), so
 * there the line's gross is `total + total_tax` rounded to the currency and
 * its base is that gross less its rounded tax — the figure a tax-exclusive
 * shop would show. Other amounts must be exact in the currency. Shipping is
 * `shipping_total` (WooCommerce's shipping is net of tax); fees are not
 * sales and count in no base. The referral comes from the order's meta
 * (`twotier_ref` / `twotier_visitor`, with or without a leading underscore),
 * else from the `?ref=` of WooCommerce's own order attribution
 * (`_wc_order_attribution_session_entry`, which reaches the webhook: REST
 * `meta_data` hides only WooCommerce's internal keys, not protected ones).
 */
export function orderFromWoo(order: WooOrder): { order: ConnectorOrder; couponCodes: string[] } {
  const currency = wooCurrency(order.currency);
  const included = order.prices_include_tax === true;
  const lines: ConnectorLine[] = order.line_items
    .filter((l) => l.quantity > 0)
    .map((l, i) => {
      const at = `line_items[${i}]`;
      if (!Number.isSafeInteger(l.quantity)) throw invalid('invalid_platform_order', `${at}.quantity is not a whole number`);
      if (included) {
        const tax = roundedSum([l.total_tax], currency, `${at}.total_tax`);
        const grossBefore = roundedSum([l.subtotal, l.subtotal_tax], currency, `${at}.subtotal`);
        const grossAfter = roundedSum([l.total, l.total_tax], currency, `${at}.total`);
        return { sku: wooSku(l), quantity: l.quantity, gross: Math.max(grossBefore, grossAfter), discount: Math.max(0, grossBefore - grossAfter), includedTax: tax };
      }
      const before = platformAmount(l.subtotal, currency, `${at}.subtotal`);
      const after = platformAmount(l.total, currency, `${at}.total`);
      return { sku: wooSku(l), quantity: l.quantity, gross: Math.max(before, after), discount: Math.max(0, before - after), includedTax: 0 };
    });
  const address = order.shipping?.country ? order.shipping : order.billing;
  const customerId = order.customer_id !== undefined && order.customer_id !== null && String(order.customer_id) !== '0' ? String(order.customer_id) : undefined;
  const email = order.billing?.email ?? undefined;
  const sessionEntry = meta(order, [META_SESSION_ENTRY]);
  return {
    order: {
      id: wooOrderId(order.id),
      currency,
      lines,
      shipping: platformAmount(order.shipping_total, currency, 'shipping_total'),
      shippingIncludedTax: 0,
      tax: platformAmount(order.total_tax, currency, 'total_tax'),
      ...(customerId || email ? { customer: { ...(customerId ? { id: customerId } : {}), ...(email ? { email } : {}) } } : {}),
      region: regionFromAddress(address?.country, address?.state),
      referralCode: meta(order, META_REF) ?? (sessionEntry ? (readReferralCode(sessionEntry) ?? undefined) : undefined),
      visitorId: meta(order, META_VISITOR),
      placedAt: gmt(order.date_paid_gmt) ?? gmt(order.date_created_gmt),
    },
    couponCodes: (order.coupon_lines ?? []).map((c) => c.code),
  };
}

/** The order's refunds (`refunds[]`, totals negative) as refunds by amount. */
export function refundsFromWoo(order: WooOrder, currency: string): { id: string; amount: number }[] {
  return (order.refunds ?? []).map((r, i) => {
    const text = typeof r.total === 'string' ? r.total.trim().replace(/^-/, '') : typeof r.total === 'number' ? String(Math.abs(r.total)) : r.total;
    return { id: wooRefundId(r.id), amount: platformAmount(text, currency, `refunds[${i}].total`) };
  });
}
