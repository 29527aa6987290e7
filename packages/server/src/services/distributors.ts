import type { Distributor, DistributorStatus } from '@twotier/core/schema';
import type { Db, Executor } from '../db';
import type { DistributorTable } from '../db/schema';
import type { ShopRecord } from '../context';
import { conflict, invalid, notFound } from '../domain/errors';
import { newId, newReferralCode } from '../util/ids';
import { iso } from '../util/time';
import { emitEvents } from '../webhooks/emit';
import { applyEvents } from '../read-models';

/** A distributor row as the API shows it. */
export const toDistributor = (row: DistributorTable): Distributor => ({
  id: row.id,
  code: row.code,
  name: row.name,
  email: row.email,
  externalId: row.external_id,
  parentId: row.parent_id,
  status: row.status,
  grade: row.grade,
  ...(row.locale ? { locale: row.locale as NonNullable<Distributor['locale']> } : {}),
  createdAt: iso(Number(row.created_at)),
});

/** What creating a distributor needs; the caller has validated the shape. */
export interface NewDistributor {
  name: string;
  email?: string | undefined;
  externalId?: string | undefined;
  userId?: string | undefined;
  code?: string | undefined;
  parentCode?: string | undefined;
  parentId?: string | null | undefined;
  grade?: string | undefined;
  status?: DistributorStatus | undefined;
  locale?: string | undefined;
}

/** Refuses a grade the program does not define. */
export function assertGrade(shop: ShopRecord, grade: string | null | undefined): void {
  if (grade && !shop.program.grades.some((g) => g.id === grade)) {
    throw invalid('unknown_grade', `grade "${grade}" is not defined in the program`, {
      grades: shop.program.grades.map((g) => g.id),
    });
  }
}

/** Finds a distributor by referral code. */
export const findByCode = (tx: Executor, shopId: string, code: string) =>
  tx.selectFrom('distributors').selectAll().where('shop_id', '=', shopId).where('code', '=', code).executeTakeFirst();

/** Finds a distributor by id. */
export const findById = (tx: Executor, shopId: string, id: string) =>
  tx.selectFrom('distributors').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();

/** Finds a distributor by id or answers 404. */
export async function requireDistributor(tx: Executor, shopId: string, id: string): Promise<DistributorTable> {
  const row = await findById(tx, shopId, id);
  if (!row) throw notFound(`distributor ${id}`);
  return row;
}

/**
 * Creates a distributor: a code is generated when none is given, and
 * `parentCode` sets the parent (DESIGN.md: a parent is set once).
 */
export async function createDistributor(db: Db, shop: ShopRecord, input: NewDistributor, now: number): Promise<DistributorTable> {
  assertGrade(shop, input.grade);
  return db.writeTx(async (tx) => {
    let parentId = input.parentId ?? null;
    if (input.parentCode) {
      const parent = await findByCode(tx, shop.id, input.parentCode);
      if (!parent) throw invalid('unknown_parent', `no distributor has the code "${input.parentCode}"`);
      parentId = parent.id;
    }
    if (input.externalId) {
      const taken = await tx
        .selectFrom('distributors')
        .select('id')
        .where('shop_id', '=', shop.id)
        .where('external_id', '=', input.externalId)
        .executeTakeFirst();
      if (taken) throw conflict('external_id_taken', `a distributor with externalId "${input.externalId}" exists`, { id: taken.id });
    }
    let code = input.code;
    if (code) {
      if (await findByCode(tx, shop.id, code)) throw conflict('code_taken', `the referral code "${code}" is taken`);
    } else {
      do code = newReferralCode();
      while (await findByCode(tx, shop.id, code));
    }
    const row: DistributorTable = {
      shop_id: shop.id,
      id: newId('dst'),
      code,
      name: input.name,
      email: input.email ?? null,
      external_id: input.externalId ?? null,
      user_id: input.userId ?? null,
      parent_id: parentId,
      status: input.status ?? 'active',
      grade: input.grade ?? null,
      created_at: now,
      ...(input.locale ? { locale: input.locale } : {}),
    };
    await tx.insertInto('distributors').values(row).execute();
    await applyEvents(tx, [{ type: 'distributor.added', shopId: shop.id, distributorId: row.id, parentId, status: row.status }]);
    await emitEvents(tx, shop.id, [{ type: 'distributor.created', data: toDistributor(row) }, ...(row.user_id ? [{ type: 'distributor.joined' as const, data: toDistributor(row) }] : [])], now);
    return row;
  });
}

/** What an operator may change. */
export interface DistributorChange {
  status?: DistributorStatus | undefined;
  grade?: string | null | undefined;
  parentId?: string | null | undefined;
  name?: string | undefined;
  email?: string | null | undefined;
  locale?: string | undefined;
}

/**
 * Changes a distributor. Moving to a new parent is refused when the new
 * parent is the distributor or one of its descendants (a cycle).
 */
export async function patchDistributor(db: Db, shop: ShopRecord, id: string, change: DistributorChange): Promise<DistributorTable> {
  assertGrade(shop, change.grade);
  return db.writeTx(async (tx) => {
    const row = await requireDistributor(tx, shop.id, id);
    if (change.parentId) await assertNoCycle(tx, shop.id, id, change.parentId);
    const set: Partial<DistributorTable> = {};
    if (change.status !== undefined) set.status = change.status;
    if (change.grade !== undefined) set.grade = change.grade;
    if (change.parentId !== undefined) set.parent_id = change.parentId;
    if (change.name !== undefined) set.name = change.name;
    if (change.email !== undefined) set.email = change.email;
    if (change.locale !== undefined) set.locale = change.locale;
    await tx.updateTable('distributors').set(set).where('shop_id', '=', shop.id).where('id', '=', id).execute();
    await applyEvents(tx, [
      ...(set.parent_id !== undefined && set.parent_id !== row.parent_id ? [{ type: 'distributor.moved' as const, shopId: shop.id, distributorId: id, from: row.parent_id, to: set.parent_id }] : []),
      ...(set.status !== undefined && set.status !== row.status ? [{ type: 'distributor.status_changed' as const, shopId: shop.id, distributorId: id, from: row.status, to: set.status }] : []),
    ]);
    return { ...row, ...set };
  });
}

async function assertNoCycle(tx: Executor, shopId: string, id: string, parentId: string): Promise<void> {
  if (parentId === id) throw invalid('parent_cycle', 'a distributor cannot be their own parent');
  const seen = new Set<string>([parentId]);
  let cursor: string | null = parentId;
  const first = await findById(tx, shopId, parentId);
  if (!first) throw invalid('unknown_parent', `no distributor has the id "${parentId}"`);
  cursor = first.parent_id;
  // walks up the (possibly long) recruiting line of the new parent; only ids are read, never money
  while (cursor !== null) {
    if (cursor === id) {
      throw invalid('parent_cycle', `moving under ${parentId} would form a cycle: ${parentId} is recruited (directly or not) by ${id}`);
    }
    if (seen.has(cursor)) break;
    seen.add(cursor);
    const up: { parent_id: string | null } | undefined = await tx
      .selectFrom('distributors')
      .select('parent_id')
      .where('shop_id', '=', shopId)
      .where('id', '=', cursor)
      .executeTakeFirst();
    cursor = up?.parent_id ?? null;
  }
}
