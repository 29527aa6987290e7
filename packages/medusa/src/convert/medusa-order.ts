import type { MedusaAddressLike } from './region';

/**
 * The parts of a Medusa v2 order the plugin reads, as `query.graph` returns
 * them for {@link ORDER_FIELDS}. Amounts are decimal numbers in the major
 * unit; the `raw_*` twin of each (`{ value: "39.99", precision: 20 }`) is
 * read first, because it is the stored text.
 */
export interface MedusaOrder {
  id: string;
  currency_code: string;
  email?: string | null;
  customer_id?: string | null;
  created_at?: string | Date | null;
  status?: string | null;
  canceled_at?: string | Date | null;
  metadata?: Record<string, unknown> | null;
  items?: (MedusaLineItem | null)[] | null;
  shipping_methods?: (MedusaShippingMethod | null)[] | null;
  shipping_address?: MedusaAddressLike | null;
  payment_collections?: (MedusaPaymentCollection | null)[] | null;
}

/** A Medusa amount: a JSON number, decimal text, a raw `{ value }` or a `BigNumber`. */
export type MedusaAmount = unknown;

export interface MedusaTaxLine {
  rate?: MedusaAmount;
  raw_rate?: MedusaAmount;
}

export interface MedusaAdjustment {
  amount?: MedusaAmount;
  raw_amount?: MedusaAmount;
  is_tax_inclusive?: boolean | null;
  code?: string | null;
}

export interface MedusaLineItem {
  id: string;
  quantity?: MedusaAmount;
  raw_quantity?: MedusaAmount;
  detail?: { quantity?: MedusaAmount; raw_quantity?: MedusaAmount } | null;
  unit_price?: MedusaAmount;
  raw_unit_price?: MedusaAmount;
  is_tax_inclusive?: boolean | null;
  variant_sku?: string | null;
  variant_id?: string | null;
  product_id?: string | null;
  product_type?: string | null;
  product_collection?: string | null;
  tax_lines?: (MedusaTaxLine | null)[] | null;
  adjustments?: (MedusaAdjustment | null)[] | null;
}

export interface MedusaShippingMethod {
  id?: string;
  amount?: MedusaAmount;
  raw_amount?: MedusaAmount;
  is_tax_inclusive?: boolean | null;
  tax_lines?: (MedusaTaxLine | null)[] | null;
  adjustments?: (MedusaAdjustment | null)[] | null;
}

export interface MedusaRefund {
  id: string;
  amount?: MedusaAmount;
  raw_amount?: MedusaAmount;
  created_at?: string | Date | null;
}

export interface MedusaPayment {
  id: string;
  refunds?: (MedusaRefund | null)[] | null;
}

export interface MedusaPaymentCollection {
  id: string;
  status?: string | null;
  amount?: MedusaAmount;
  raw_amount?: MedusaAmount;
  captured_amount?: MedusaAmount;
  raw_captured_amount?: MedusaAmount;
  payments?: (MedusaPayment | null)[] | null;
}

/** The fields `query.graph({ entity: 'order' })` is asked for. */
export const ORDER_FIELDS = [
  'id',
  'currency_code',
  'email',
  'customer_id',
  'created_at',
  'status',
  'canceled_at',
  'metadata',
  'items.id',
  // an order line's quantity lives in its detail row; asking for the detail makes it appear
  'items.quantity',
  'items.raw_quantity',
  'items.detail.quantity',
  'items.detail.raw_quantity',
  'items.unit_price',
  'items.raw_unit_price',
  'items.is_tax_inclusive',
  'items.variant_sku',
  'items.variant_id',
  'items.product_id',
  'items.product_type',
  'items.product_collection',
  'items.tax_lines.rate',
  'items.adjustments.amount',
  'items.adjustments.raw_amount',
  'items.adjustments.is_tax_inclusive',
  'items.adjustments.code',
  'shipping_methods.id',
  'shipping_methods.amount',
  'shipping_methods.raw_amount',
  'shipping_methods.is_tax_inclusive',
  'shipping_methods.tax_lines.rate',
  'shipping_methods.adjustments.amount',
  'shipping_methods.adjustments.raw_amount',
  'shipping_methods.adjustments.is_tax_inclusive',
  'shipping_methods.adjustments.code',
  'shipping_address.country_code',
  'shipping_address.province',
  'payment_collections.id',
  'payment_collections.status',
  'payment_collections.amount',
  'payment_collections.raw_amount',
  'payment_collections.captured_amount',
  'payment_collections.raw_captured_amount',
  'payment_collections.payments.id',
  'payment_collections.payments.refunds.id',
  'payment_collections.payments.refunds.amount',
  'payment_collections.payments.refunds.raw_amount',
  'payment_collections.payments.refunds.created_at',
] as const;
