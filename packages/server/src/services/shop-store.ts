import { normalizeOrigin, programSchema, type Program } from '@twotier/core/schema';
import type { Db } from '../db';
import type { ShopTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { isAllowedOrigin } from '../domain/origins';

/** How long a shop read from the database is trusted before re-reading (other processes may change it). */
const TTL_MS = 2_000;

/** The program every new shop starts with: two levels, 10% and 5%, 14 days hold. */
export const defaultProgram = (): Program =>
  programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 } });

/** Stored origins in the form browsers send: rows written before origins were normalised may hold another case or a default port. */
const readOrigins = (json: string): string[] => [...new Set((JSON.parse(json) as string[]).map((o) => normalizeOrigin(o) ?? o))];

const toRecord = (row: ShopTable): ShopRecord => ({
  id: row.id,
  name: row.name,
  currency: row.currency,
  currencies: row.currencies ? (JSON.parse(row.currencies) as string[]) : [row.currency],
  allowedOrigins: readOrigins(row.allowed_origins),
  publishableKey: row.publishable_key,
  secretHash: row.secret_hash,
  identityKey: row.identity_key,
  program: programSchema.parse(JSON.parse(row.program)),
  createdAt: Number(row.created_at),
});

/**
 * Reads shops by id or publishable key with a short cache, so the hot
 * tracking path does not query the shop on every click.
 */
export class ShopStore {
  private readonly byId = new Map<string, { shop: ShopRecord | null; at: number }>();
  private readonly byKey = new Map<string, { shop: ShopRecord | null; at: number }>();
  private origins: { set: Set<string>; at: number } | null = null;

  constructor(private readonly db: Db) {}

  /** The shop with this id, or `null`. */
  async get(id: string): Promise<ShopRecord | null> {
    const hit = this.byId.get(id);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.shop;
    const row = await this.db.kysely.selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirst();
    return this.remember(row ? toRecord(row) : null, id, undefined);
  }

  /** The shop owning this publishable key, or `null`; `undefined` when it is not cached (then ask {@link byPublishableKey}). */
  cachedByPublishableKey(key: string): ShopRecord | null | undefined {
    const hit = this.byKey.get(key);
    return hit && Date.now() - hit.at < TTL_MS ? hit.shop : undefined;
  }

  /** The shop owning this publishable key, or `null`. */
  async byPublishableKey(key: string): Promise<ShopRecord | null> {
    const hit = this.cachedByPublishableKey(key);
    if (hit !== undefined) return hit;
    const row = await this.db.kysely.selectFrom('shops').selectAll().where('publishable_key', '=', key).executeTakeFirst();
    return this.remember(row ? toRecord(row) : null, undefined, key);
  }

  /** Whether any shop allows `origin` (answers preflights that carry no key). */
  async isKnownOrigin(origin: string): Promise<boolean> {
    if (!this.origins || Date.now() - this.origins.at >= TTL_MS) {
      const rows = await this.db.kysely.selectFrom('shops').select('allowed_origins').execute();
      const set = new Set<string>();
      for (const r of rows) for (const o of readOrigins(r.allowed_origins)) set.add(o);
      this.origins = { set, at: Date.now() };
    }
    return isAllowedOrigin(this.origins.set, origin);
  }

  /** Forgets a shop after it changed here. */
  invalidate(shop: Pick<ShopRecord, 'id' | 'publishableKey'>): void {
    this.byId.delete(shop.id);
    this.byKey.delete(shop.publishableKey);
    this.origins = null;
  }

  private remember(shop: ShopRecord | null, id?: string, key?: string): ShopRecord | null {
    const at = Date.now();
    // unknown ids and keys are cached too; keep the maps bounded
    if (this.byKey.size > 10_000) this.byKey.clear();
    if (this.byId.size > 10_000) this.byId.clear();
    if (shop) {
      this.byId.set(shop.id, { shop, at });
      this.byKey.set(shop.publishableKey, { shop, at });
    } else if (id) this.byId.set(id, { shop: null, at });
    else if (key) this.byKey.set(key, { shop: null, at });
    return shop;
  }
}
