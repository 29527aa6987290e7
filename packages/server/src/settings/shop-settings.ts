import type { Executor } from '../db';
import type { ShopSettingsTable } from '../db/extension-schema';

/** Server-side settings of a shop, beside its program. */
export interface ShopSettings {
  refereeRewardEnabled: boolean;
  clickRetentionDays: number | null;
  stripeSigningSecret: string | null;
  /** Welcome coupons one distributor's link may hand out per UTC day. */
  welcomeDailyCapPerDistributor: number;
  /** Welcome coupons one client IP may take per UTC day. */
  welcomeDailyCapPerIp: number;
}

/** Welcome coupons per distributor per day when the shop has not set it. */
export const DEFAULT_WELCOME_DAILY_CAP_PER_DISTRIBUTOR = 20;
/** Welcome coupons per client IP per day when the shop has not set it. */
export const DEFAULT_WELCOME_DAILY_CAP_PER_IP = 1;

const DEFAULTS: ShopSettings = {
  refereeRewardEnabled: false,
  clickRetentionDays: null,
  stripeSigningSecret: null,
  welcomeDailyCapPerDistributor: DEFAULT_WELCOME_DAILY_CAP_PER_DISTRIBUTOR,
  welcomeDailyCapPerIp: DEFAULT_WELCOME_DAILY_CAP_PER_IP,
};

const fromRow = (row: ShopSettingsTable | undefined): ShopSettings =>
  row
    ? {
        refereeRewardEnabled: Number(row.referee_reward_enabled) === 1,
        clickRetentionDays: row.click_retention_days === null ? null : Number(row.click_retention_days),
        stripeSigningSecret: row.stripe_signing_secret,
        welcomeDailyCapPerDistributor: row.welcome_daily_cap_per_distributor === null ? DEFAULT_WELCOME_DAILY_CAP_PER_DISTRIBUTOR : Number(row.welcome_daily_cap_per_distributor),
        welcomeDailyCapPerIp: row.welcome_daily_cap_per_ip === null ? DEFAULT_WELCOME_DAILY_CAP_PER_IP : Number(row.welcome_daily_cap_per_ip),
      }
    : { ...DEFAULTS };

/** The shop's settings (defaults when never set). */
export async function loadSettings(db: Executor, shopId: string): Promise<ShopSettings> {
  return fromRow(await db.selectFrom('shop_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst());
}

/** Changes some settings, keeping the others; returns the result. */
export async function updateSettings(db: Executor, shopId: string, change: Partial<ShopSettings>, now: number): Promise<ShopSettings> {
  const next = { ...(await loadSettings(db, shopId)), ...change };
  const row: ShopSettingsTable = {
    shop_id: shopId,
    referee_reward_enabled: next.refereeRewardEnabled ? 1 : 0,
    click_retention_days: next.clickRetentionDays,
    stripe_signing_secret: next.stripeSigningSecret,
    welcome_daily_cap_per_distributor: next.welcomeDailyCapPerDistributor,
    welcome_daily_cap_per_ip: next.welcomeDailyCapPerIp,
    updated_at: now,
  };
  await db
    .insertInto('shop_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('shop_id').doUpdateSet({
        referee_reward_enabled: row.referee_reward_enabled,
        click_retention_days: row.click_retention_days,
        stripe_signing_secret: row.stripe_signing_secret,
        welcome_daily_cap_per_distributor: row.welcome_daily_cap_per_distributor,
        welcome_daily_cap_per_ip: row.welcome_daily_cap_per_ip,
        updated_at: now,
      }),
    )
    .execute();
  return next;
}

/** The settings as the API shows them: the Stripe secret is never shown again. */
export const publicSettings = (s: ShopSettings) => ({
  refereeRewardEnabled: s.refereeRewardEnabled,
  clickRetentionDays: s.clickRetentionDays,
  stripeConfigured: s.stripeSigningSecret !== null,
  welcomeDailyCapPerDistributor: s.welcomeDailyCapPerDistributor,
  welcomeDailyCapPerIp: s.welcomeDailyCapPerIp,
});
