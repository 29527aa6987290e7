/**
 * Platform payloads shaped like the platforms' published examples: Shopify's
 * webhook reference sample (order 820982911946154508, refund 929361464) and
 * WooCommerce's REST API v3 order (the body of its order webhooks).
 */

/** Shopify money in both currencies. */
export const set = (shop: string, currency: string, presentment = shop, presentmentCurrency = currency) => ({
  shop_money: { amount: shop, currency_code: currency },
  presentment_money: { amount: presentment, currency_code: presentmentCurrency },
});

export interface ShopifyLineSpec {
  id: number;
  sku: string;
  quantity: number;
  price: string;
  discount?: string;
  tax?: string;
  /** Presentment-currency figures, when the buyer paid in another currency. */
  presentment?: { currency: string; price: string; discount?: string; tax?: string };
}

export const shopifyLine = (l: ShopifyLineSpec, currency: string) => {
  const p = l.presentment;
  return {
    id: l.id,
    admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
    fulfillable_quantity: l.quantity,
    fulfillment_service: 'manual',
    fulfillment_status: null,
    gift_card: false,
    grams: 200,
    name: `${l.sku} item`,
    price: l.price,
    price_set: set(l.price, currency, p?.price, p?.currency),
    product_exists: true,
    product_id: 632910392 + l.id,
    properties: [],
    quantity: l.quantity,
    requires_shipping: true,
    sku: l.sku,
    taxable: true,
    title: `${l.sku} item`,
    total_discount: '0.00',
    total_discount_set: set('0.00', currency),
    variant_id: 808950810 + l.id,
    variant_inventory_management: 'shopify',
    variant_title: null,
    vendor: null,
    tax_lines: l.tax ? [{ channel_liable: null, price: l.tax, price_set: set(l.tax, currency, p?.tax, p?.currency), rate: 0.06, title: 'VAT' }] : [],
    duties: [],
    discount_allocations: l.discount
      ? [{ amount: l.discount, amount_set: set(l.discount, currency, p?.discount, p?.currency), discount_application_index: 0 }]
      : [],
  };
};

export interface ShopifyOrderSpec {
  id: number;
  currency: string;
  taxesIncluded: boolean;
  lines: ShopifyLineSpec[];
  shipping?: { price: string; tax?: string };
  totalTax: string;
  discountCodes?: { code: string; amount: string }[];
  noteAttributes?: { name: string; value: string }[];
  customer?: { id: number; email: string };
  address?: { country_code: string; province_code: string };
  presentmentCurrency?: string;
  cancelled?: boolean;
  refunds?: unknown[];
}

export const shopifyOrder = (o: ShopifyOrderSpec) => ({
  id: o.id,
  admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
  app_id: null,
  browser_ip: null,
  buyer_accepts_marketing: true,
  cancel_reason: o.cancelled ? 'customer' : null,
  cancelled_at: o.cancelled ? '2026-03-02T10:00:00-05:00' : null,
  cart_token: null,
  checkout_id: null,
  checkout_token: null,
  confirmation_number: null,
  confirmed: true,
  contact_email: o.customer?.email ?? 'jon@example.com',
  created_at: '2026-03-01T08:00:00+08:00',
  currency: o.currency,
  presentment_currency: o.presentmentCurrency ?? o.currency,
  customer_locale: 'zh-CN',
  discount_codes: (o.discountCodes ?? []).map((d) => ({ code: d.code, amount: d.amount, type: 'percentage' })),
  email: o.customer?.email ?? 'jon@example.com',
  financial_status: o.cancelled ? 'refunded' : 'paid',
  fulfillment_status: null,
  landing_site: null,
  name: `#${o.id % 10_000}`,
  note: null,
  note_attributes: o.noteAttributes ?? [],
  number: o.id % 10_000,
  order_number: 1000 + (o.id % 10_000),
  processed_at: '2026-03-01T08:00:00+08:00',
  source_name: 'web',
  tags: '',
  taxes_included: o.taxesIncluded,
  test: false,
  total_tax: o.totalTax,
  total_tax_set: set(o.totalTax, o.currency),
  customer: o.customer ? { id: o.customer.id, email: o.customer.email, first_name: 'Jon', last_name: 'Snow', currency: o.currency } : null,
  shipping_address: o.address ? { first_name: 'Jon', address1: '1 Tea Road', city: 'Hangzhou', country: 'China', ...o.address } : null,
  billing_address: null,
  line_items: o.lines.map((l) => shopifyLine(l, o.currency)),
  shipping_lines: o.shipping
    ? [
        {
          id: 271878346596884000,
          carrier_identifier: null,
          code: 'Standard',
          discounted_price: o.shipping.price,
          discounted_price_set: set(o.shipping.price, o.currency),
          price: o.shipping.price,
          price_set: set(o.shipping.price, o.currency),
          source: 'shopify',
          title: 'Standard',
          tax_lines: o.shipping.tax ? [{ price: o.shipping.tax, price_set: set(o.shipping.tax, o.currency), rate: 0.13, title: 'VAT' }] : [],
          discount_allocations: [],
        },
      ]
    : [],
  refunds: o.refunds ?? [],
});

export interface ShopifyRefundSpec {
  id: number;
  orderId: number;
  currency: string;
  lines?: { lineItemId: number; sku: string; quantity: number; subtotal: string; tax: string }[];
  amount?: string;
  transactionCurrency?: string;
}

export const shopifyRefund = (r: ShopifyRefundSpec) => ({
  id: r.id,
  order_id: r.orderId,
  created_at: '2026-03-03T10:34:55-05:00',
  note: 'wrong size',
  user_id: null,
  processed_at: '2026-03-03T10:34:55-05:00',
  restock: true,
  duties: [],
  total_duties_set: set('0.00', r.currency),
  admin_graphql_api_id: `gid://shopify/Refund/${r.id}`,
  refund_line_items: (r.lines ?? []).map((l, i) => ({
    id: 1058498311 + i,
    quantity: l.quantity,
    line_item_id: l.lineItemId,
    location_id: 487838322,
    restock_type: 'return',
    subtotal: Number(l.subtotal),
    total_tax: Number(l.tax),
    subtotal_set: set(l.subtotal, r.currency),
    total_tax_set: set(l.tax, r.currency),
    line_item: { id: l.lineItemId, variant_id: 808950810 + l.lineItemId, sku: l.sku, quantity: l.quantity, gift_card: false },
  })),
  transactions: r.amount
    ? [
        {
          id: 1072844685,
          order_id: r.orderId,
          kind: 'refund',
          gateway: 'bogus',
          status: 'success',
          message: 'Bogus Gateway: Forced success',
          created_at: '2026-03-03T10:34:55-05:00',
          test: true,
          authorization: null,
          currency: r.transactionCurrency ?? r.currency,
          amount: r.amount,
          parent_id: 801038806,
        },
      ]
    : [],
  order_adjustments: [],
});

export interface WooLineSpec {
  id: number;
  sku: string;
  quantity: number;
  subtotal: string;
  total: string;
  subtotalTax?: string;
  totalTax?: string;
}

export interface WooOrderSpec {
  id: number;
  status: string;
  currency: string;
  pricesIncludeTax?: boolean;
  lines: WooLineSpec[];
  shippingTotal?: string;
  totalTax?: string;
  total: string;
  meta?: { key: string; value: string }[];
  coupons?: string[];
  refunds?: { id: number; total: string }[];
  email?: string;
  customerId?: number;
  country?: string;
  state?: string;
}

/** A WooCommerce REST API v3 order (what `order.created` / `order.updated` deliver). */
export const wooOrder = (o: WooOrderSpec) => ({
  id: o.id,
  parent_id: 0,
  status: o.status,
  currency: o.currency,
  version: '9.8.0',
  prices_include_tax: o.pricesIncludeTax ?? false,
  date_created: '2026-03-01T10:00:00',
  date_modified: '2026-03-01T10:05:00',
  discount_total: '0.000',
  discount_tax: '0.000',
  shipping_total: o.shippingTotal ?? '0.00',
  shipping_tax: '0.00',
  cart_tax: o.totalTax ?? '0.00',
  total: o.total,
  total_tax: o.totalTax ?? '0.00',
  customer_id: o.customerId ?? 0,
  order_key: `wc_order_${o.id}`,
  billing: { first_name: 'Layla', last_name: 'Ahmed', email: o.email ?? 'layla@example.com', country: o.country ?? 'KW', state: o.state ?? '' },
  shipping: { first_name: 'Layla', last_name: 'Ahmed', country: o.country ?? 'KW', state: o.state ?? '' },
  payment_method: 'bacs',
  payment_method_title: 'Direct bank transfer',
  transaction_id: '',
  customer_ip_address: '127.0.0.1',
  customer_user_agent: 'Mozilla/5.0',
  created_via: 'checkout',
  customer_note: '',
  date_completed: null,
  date_paid: o.status === 'processing' || o.status === 'completed' ? '2026-03-01T10:05:00' : null,
  cart_hash: 'abc',
  number: String(o.id),
  meta_data: (o.meta ?? []).map((m, i) => ({ id: 900 + i, ...m })),
  line_items: o.lines.map((l) => ({
    id: l.id,
    name: `${l.sku} item`,
    product_id: 90 + l.id,
    variation_id: 0,
    quantity: l.quantity,
    tax_class: '',
    subtotal: l.subtotal,
    subtotal_tax: l.subtotalTax ?? '0.00',
    total: l.total,
    total_tax: l.totalTax ?? '0.00',
    taxes: [],
    meta_data: [],
    sku: l.sku,
    price: 0,
    image: { id: '', src: '' },
    parent_name: null,
  })),
  tax_lines: [],
  shipping_lines: o.shippingTotal ? [{ id: 300, method_title: 'Flat rate', method_id: 'flat_rate', instance_id: '1', total: o.shippingTotal, total_tax: '0.00', taxes: [], meta_data: [] }] : [],
  fee_lines: [],
  coupon_lines: (o.coupons ?? []).map((code, i) => ({ id: 400 + i, code, discount: '0.00', discount_tax: '0.00', meta_data: [] })),
  refunds: (o.refunds ?? []).map((r) => ({ id: r.id, reason: '', total: r.total })),
  payment_url: '',
  is_editable: false,
  needs_payment: false,
  needs_processing: true,
  date_created_gmt: '2026-03-01T02:00:00',
  date_modified_gmt: '2026-03-01T02:05:00',
  date_completed_gmt: null,
  date_paid_gmt: o.status === 'processing' || o.status === 'completed' ? '2026-03-01T02:05:00' : null,
  currency_symbol: o.currency,
  _links: { self: [{ href: `https://shop.example/wp-json/wc/v3/orders/${o.id}` }] },
});
