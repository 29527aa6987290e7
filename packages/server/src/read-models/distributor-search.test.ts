import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '../db';
import { createShop } from '../services/shops';
import { SEARCH_MAX_SEGMENTS, mergeSearchIndex, searchCondition, searchIndexSegments as segments } from './distributor-search';

/** The ids a search of `q` finds among `shopId`'s distributors, as the dashboard's condition reads them. */
const find = async (db: Db, shopId: string, q: string) =>
  (
    await db.kysely
      .selectFrom('distributors')
      .select('id')
      .where('shop_id', '=', shopId)
      .where(searchCondition(db.kysely, shopId, q, { id: 'id', code: 'code', name: 'name', email: 'email' }))
      .orderBy('id')
      .execute()
  ).map((r) => r.id);

describe('the distributor search index (SQLite)', () => {
  test('distributors added one by one leave many b-trees; the merge folds them into one and every search answers as before', async () => {
    const db = await openDatabase({ url: ':memory:' });
    const shop = await createShop(db, { name: 'Search', currency: 'CNY', allowedOrigins: [] }, 0);
    // one transaction per signup, as the API adds them
    for (let i = 1; i <= 60; i++) {
      await db.writeTx((tx) =>
        tx
          .insertInto('distributors')
          .values({ shop_id: shop.id, id: `dst_${i}`, code: `C${i}`, name: `Seller ${i} 茶`, email: `s${i}@example.com`, external_id: null, user_id: null, parent_id: null, status: 'active', grade: null, created_at: i })
          .execute(),
      );
    }
    const queries = ['Seller 42', 's17@example', 'C5', 'ller 3', '茶'];
    const findAll = () => Promise.all(queries.map((q) => find(db, shop.id, q)));
    const before = await findAll();
    expect(before[0]).toEqual(['dst_42']);
    expect(before[4]).toHaveLength(60);

    expect(await segments(db)).toBeGreaterThan(SEARCH_MAX_SEGMENTS);
    expect(await mergeSearchIndex(db)).toBeGreaterThan(0);
    expect(await segments(db)).toBe(1);
    expect(await findAll()).toEqual(before);
    // nothing left to do: no write at all
    expect(await mergeSearchIndex(db)).toBe(0);
    await db.close();
  });

  test('a renamed or deleted distributor is found by its new name only, or not at all', async () => {
    const db = await openDatabase({ url: ':memory:' });
    const shop = await createShop(db, { name: 'Search', currency: 'CNY', allowedOrigins: [] }, 0);
    const other = await createShop(db, { name: 'Other', currency: 'CNY', allowedOrigins: [] }, 0);
    for (const [shopId, i] of [[shop.id, 1], [shop.id, 2], [shop.id, 10], [other.id, 1]] as const) {
      await db.kysely
        .insertInto('distributors')
        .values({ shop_id: shopId, id: `dst_abcdefgh${i}`, code: `C${i}`, name: `Seller ${i}`, email: `s${i}@example.com`, external_id: null, user_id: null, parent_id: null, status: 'active', grade: null, created_at: i })
        .execute();
    }
    // the id itself is indexed for the triggers, never searched
    expect(await find(db, shop.id, 'abcdefgh')).toEqual([]);
    await db.kysely.updateTable('distributors').set({ name: 'Tea House 茶馆' }).where('shop_id', '=', shop.id).where('id', '=', 'dst_abcdefgh1').execute();
    expect(await find(db, shop.id, 'Seller 1')).toEqual(['dst_abcdefgh10']);
    expect(await find(db, shop.id, 'Tea House')).toEqual(['dst_abcdefgh1']);
    // the other shop's distributor with the same id keeps its entry
    expect(await find(db, other.id, 'Seller 1')).toEqual(['dst_abcdefgh1']);
    await db.kysely.deleteFrom('distributors').where('shop_id', '=', shop.id).where('id', '=', 'dst_abcdefgh10').execute();
    expect(await find(db, shop.id, 'Seller 1')).toEqual([]);
    expect(await find(db, shop.id, 'Seller 2')).toEqual(['dst_abcdefgh2']);
    const { rows } = await sql<{ n: number }>`select count(*) as n from distributor_search`.execute(db.kysely);
    expect(rows[0]!.n).toBe(3);
    await db.close();
  });
});
