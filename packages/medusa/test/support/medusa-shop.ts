/**
 * The shop's side, through Medusa's own HTTP APIs only: the Admin API to set
 * the shop up, capture, refund and cancel; the Store API for the customer's
 * cart and checkout with the system (manual) payment provider.
 */

type Json = any;

/** A call to a Medusa server that throws with the body on any error status. */
export function medusaClient(baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> => {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  };
  return { call };
}

export type MedusaClient = ReturnType<typeof medusaClient>;

/** The admin API as a signed-in user. */
export async function signInAdmin(client: MedusaClient, email: string, password: string) {
  const { token } = await client.call('POST', '/auth/user/emailpass', { email, password });
  const auth = { authorization: `Bearer ${token as string}` };
  return (method: string, path: string, body?: unknown): Promise<Json> => client.call(method, path, body, auth);
}

export type Admin = Awaited<ReturnType<typeof signInAdmin>>;

/** What {@link setUpShop} made. */
export interface ShopSetup {
  publishableKey: string;
  /** Germany: prices without tax, 19 % VAT added. */
  germany: string;
  /** Austria: prices include 20 % VAT. */
  austria: string;
  /** Kuwait: Kuwaiti dinars (three decimal places), no tax. */
  kuwait: string;
  /** The United States in dollars, a currency the twotier shop does not take. */
  usa: string;
  variantId: string;
}

/**
 * A shop selling one tea (TEA-1, €39.99) with flat €4.90 shipping in
 * Germany, where prices exclude tax and 19 % is added, and Austria, where
 * prices include 20 %; in Kuwait for KWD 12.345 plus KWD 1.500 shipping; in
 * the United States for $42 plus $5. Payments by Medusa's system provider (manual).
 */
export async function setUpShop(admin: Admin): Promise<ShopSetup> {
  const { sales_channels } = await admin('GET', '/admin/sales-channels');
  const salesChannel = sales_channels[0].id as string;
  const { shipping_profiles } = await admin('GET', '/admin/shipping-profiles');
  const profile = (shipping_profiles[0]?.id as string | undefined) ?? (await admin('POST', '/admin/shipping-profiles', { name: 'Default', type: 'default' })).shipping_profile.id;

  const { stores } = await admin('GET', '/admin/stores');
  await admin('POST', `/admin/stores/${stores[0].id}`, {
    supported_currencies: [{ currency_code: 'eur', is_default: true }, { currency_code: 'kwd' }, { currency_code: 'usd' }],
  });
  const kuwait = (await admin('POST', '/admin/regions', { name: 'Kuwait', currency_code: 'kwd', countries: ['kw'], payment_providers: ['pp_system_default'] })).region.id;
  const usa = (await admin('POST', '/admin/regions', { name: 'United States', currency_code: 'usd', countries: ['us'], payment_providers: ['pp_system_default'] })).region.id;
  const germany = (await admin('POST', '/admin/regions', { name: 'Germany', currency_code: 'eur', countries: ['de'], payment_providers: ['pp_system_default'], automatic_taxes: true })).region.id;
  const austria = (
    await admin('POST', '/admin/regions', { name: 'Austria', currency_code: 'eur', countries: ['at'], payment_providers: ['pp_system_default'], automatic_taxes: true, is_tax_inclusive: true })
  ).region.id;
  await admin('POST', '/admin/tax-regions', { country_code: 'de', provider_id: 'tp_system', default_tax_rate: { rate: 19, code: 'de-vat', name: 'DE VAT' } });
  await admin('POST', '/admin/tax-regions', { country_code: 'at', provider_id: 'tp_system', default_tax_rate: { rate: 20, code: 'at-vat', name: 'AT VAT' } });

  const { api_key } = await admin('POST', '/admin/api-keys', { title: 'Storefront', type: 'publishable' });
  await admin('POST', `/admin/api-keys/${api_key.id}/sales-channels`, { add: [salesChannel] });

  const { stock_location } = await admin('POST', '/admin/stock-locations', { name: 'Berlin', address: { country_code: 'de', address_1: 'Teestraße 1', city: 'Berlin' } });
  await admin('POST', `/admin/stock-locations/${stock_location.id}/sales-channels`, { add: [salesChannel] });
  await admin('POST', `/admin/stock-locations/${stock_location.id}/fulfillment-providers`, { add: ['manual_manual'] });
  const withSet = await admin('POST', `/admin/stock-locations/${stock_location.id}/fulfillment-sets?fields=*fulfillment_sets`, { name: 'Berlin shipping', type: 'shipping' });
  const zones = await admin('POST', `/admin/fulfillment-sets/${withSet.stock_location.fulfillment_sets[0].id}/service-zones`, {
    name: 'DACH',
    geo_zones: [
      { type: 'country', country_code: 'de' },
      { type: 'country', country_code: 'at' },
      { type: 'country', country_code: 'kw' },
      { type: 'country', country_code: 'us' },
    ],
  });
  await admin('POST', '/admin/shipping-options', {
    name: 'Standard',
    price_type: 'flat',
    service_zone_id: zones.fulfillment_set.service_zones[0].id,
    shipping_profile_id: profile,
    provider_id: 'manual_manual',
    type: { label: 'Standard', description: '2–3 days', code: 'standard' },
    // Medusa marks a price tax-inclusive by its region's preference only when the price is the region's own.
    prices: [
      { currency_code: 'eur', amount: 4.9 },
      { region_id: austria, amount: 4.9 },
      { currency_code: 'kwd', amount: 1.5 },
      { currency_code: 'usd', amount: 5 },
    ],
    rules: [],
  });
  const { product } = await admin('POST', '/admin/products', {
    title: 'Longjing tea',
    status: 'published',
    shipping_profile_id: profile,
    options: [{ title: 'Size', values: ['100 g'] }],
    variants: [
      {
        title: '100 g',
        sku: 'TEA-1',
        options: { Size: '100 g' },
        manage_inventory: false,
        prices: [
          { currency_code: 'eur', amount: 39.99 },
          { currency_code: 'eur', amount: 39.99, rules: { region_id: austria } },
          { currency_code: 'kwd', amount: 12.345 },
          { currency_code: 'usd', amount: 42 },
        ],
      },
    ],
    sales_channels: [{ id: salesChannel }],
  });
  return { publishableKey: api_key.token, germany, austria, kuwait, usa, variantId: product.variants[0].id };
}

/** A customer's checkout through the Store API: cart with metadata, lines, address, shipping, payment, complete. */
export async function checkout(
  client: MedusaClient,
  shop: ShopSetup,
  cart: { region: string; country: string; province: string; quantity: number; metadata: Record<string, string> },
): Promise<{ orderId: string }> {
  const store = (method: string, path: string, body?: unknown) => client.call(method, path, body, { 'x-publishable-api-key': shop.publishableKey });
  const created = (await store('POST', '/store/carts', { region_id: cart.region, email: 'mei@example.com', metadata: cart.metadata })).cart;
  await store('POST', `/store/carts/${created.id}/line-items`, { variant_id: shop.variantId, quantity: cart.quantity });
  await store('POST', `/store/carts/${created.id}`, {
    shipping_address: { first_name: 'Mei', last_name: 'Lin', address_1: 'Hauptstraße 5', city: 'Town', postal_code: '10115', country_code: cart.country, province: cart.province },
  });
  const { shipping_options } = await store('GET', `/store/shipping-options?cart_id=${created.id}`);
  await store('POST', `/store/carts/${created.id}/shipping-methods`, { option_id: shipping_options[0].id });
  const { payment_collection } = await store('POST', '/store/payment-collections', { cart_id: created.id });
  await store('POST', `/store/payment-collections/${payment_collection.id}/payment-sessions`, { provider_id: 'pp_system_default' });
  const completed = await store('POST', `/store/carts/${created.id}/complete`);
  if (completed.type !== 'order') throw new Error(`checkout did not complete: ${JSON.stringify(completed).slice(0, 300)}`);
  return { orderId: completed.order.id };
}

/** The order's payment, as the admin sees it. */
export async function paymentOf(admin: Admin, orderId: string): Promise<{ id: string; amount: number }> {
  const { order } = await admin('GET', `/admin/orders/${orderId}?fields=*payment_collections,*payment_collections.payments`);
  return order.payment_collections[0].payments[0];
}
