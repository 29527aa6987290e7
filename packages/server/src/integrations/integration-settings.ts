import type { Executor } from '../db';
import type { Platform } from './schema';

/** Shopify's options. */
export interface ShopifyConfig {
  /** `example.myshopify.com`: when set, deliveries naming another shop are refused. */
  shopDomain?: string;
}

/** WooCommerce's options. */
export interface WooCommerceConfig {
  /** Order statuses at which an order counts (the first time it reaches one). */
  countStatuses?: string[];
}

/** A platform's settings for one shop. */
export interface IntegrationSettings<C = Record<string, unknown>> {
  platform: Platform;
  secret: string;
  config: C;
  updatedAt: number;
}

/** The shop's settings of `platform`, or `null` when it was never set up. */
export async function loadIntegration<C = Record<string, unknown>>(db: Executor, shopId: string, platform: Platform): Promise<IntegrationSettings<C> | null> {
  const row = await db
    .selectFrom('integration_settings')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('platform', '=', platform)
    .executeTakeFirst();
  if (!row) return null;
  return { platform, secret: row.secret, config: JSON.parse(row.config) as C, updatedAt: Number(row.updated_at) };
}

/** Every platform the shop has set up. */
export async function listIntegrations(db: Executor, shopId: string): Promise<IntegrationSettings[]> {
  const rows = await db.selectFrom('integration_settings').selectAll().where('shop_id', '=', shopId).execute();
  return rows.map((row) => ({ platform: row.platform, secret: row.secret, config: JSON.parse(row.config) as Record<string, unknown>, updatedAt: Number(row.updated_at) }));
}

/** Sets (or replaces) the shop's secret and options of `platform`. */
export async function saveIntegration(db: Executor, shopId: string, platform: Platform, secret: string, config: object, now: number): Promise<void> {
  const row = { shop_id: shopId, platform, secret, config: JSON.stringify(config), updated_at: now };
  await db
    .insertInto('integration_settings')
    .values(row)
    .onConflict((oc) => oc.columns(['shop_id', 'platform']).doUpdateSet({ secret: row.secret, config: row.config, updated_at: now }))
    .execute();
}
