import { describe, expect, test } from 'vitest';
import { ORIGIN, browser, createTestShop, secret, uid } from '../harness';
import { shopWithChain, type SuiteContext } from './context';

export function distributorTests(ctx: SuiteContext) {
  describe('distributors', () => {
    test('create with and without a code; parentCode sets the parent; a taken code is 409', async () => {
      const shop = await createTestShop(ctx.app);
      const a = await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Alice', code: 'alice', email: 'a@example.com' });
      expect(a.status).toBe(201);
      expect(a.body).toMatchObject({ code: 'alice', parentId: null, status: 'active', grade: null });
      const b = await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Bob', parentCode: 'alice' });
      expect(b.status).toBe(201);
      expect(b.body.code).toMatch(/^[A-Z0-9]{8}$/);
      expect(b.body.parentId).toBe(a.body.id);
      expect((await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Eve', code: 'alice' })).status).toBe(409);
      expect((await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Eve', parentCode: 'nobody' })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Eve', code: 'has space' })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Eve', grade: 'gold' })).status).toBe(422);
    });

    test('list: search, filter, sort and keyset pages that cover everything once', async () => {
      const shop = await createTestShop(ctx.app);
      for (let i = 0; i < 7; i++) {
        await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: `Seller ${i}`, code: `s${i}`, ...(i === 3 ? { status: 'suspended' } : {}) });
      }
      await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Zhang Wei', code: 'zw' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await secret(ctx.app, shop, 'GET', `/v1/distributors?limit=3&sort=code${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((d: any) => d.code));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 'zw']);
      const search = await secret(ctx.app, shop, 'GET', '/v1/distributors?q=zhang');
      expect(search.body.data.map((d: any) => d.code)).toEqual(['zw']);
      const percent = await secret(ctx.app, shop, 'GET', '/v1/distributors?q=%25');
      expect(percent.body.data).toEqual([]);
      const suspended = await secret(ctx.app, shop, 'GET', '/v1/distributors?status=suspended');
      expect(suspended.body.data.map((d: any) => d.code)).toEqual(['s3']);
      expect((await secret(ctx.app, shop, 'GET', '/v1/distributors?limit=0')).status).toBe(422);
      expect((await secret(ctx.app, shop, 'GET', '/v1/distributors?cursor=garbage')).status).toBe(400);
    });

    test('search: code exactly, name or email anywhere ignoring case, this shop only, edits followed', async () => {
      const shop = await createTestShop(ctx.app);
      const other = await createTestShop(ctx.app);
      const people = [
        { name: 'Lanxi Tea House', code: 'lanxi', email: 'Owner@Lanxi.example' },
        { name: '兰溪茶叶店 "Ming"', code: 'ming', email: null },
        { name: 'Bob', code: 'tea', email: 'bob@shop.example' },
        { name: 'Carol 50_off', code: 'carol', email: 'c.arol@shop.example' },
      ];
      for (const p of people) expect((await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: p.name, code: p.code, ...(p.email ? { email: p.email } : {}) })).status).toBe(201);
      await secret(ctx.app, other, 'POST', '/v1/distributors', { name: 'Lanxi elsewhere', code: 'lanxi2' });
      const codes = async (q: string, path = '/v1/distributors') =>
        ((await secret(ctx.app, shop, 'GET', `${path}?sort=code&q=${encodeURIComponent(q)}`)).body.data as { code: string }[]).map((d) => d.code);
      for (const path of ['/v1/distributors', '/v1/admin/reports/distributors']) {
        expect(await codes('lanxi', path)).toEqual(['lanxi']);
        expect(await codes('LANXI.EX', path)).toEqual(['lanxi']);
        expect(await codes('茶叶', path)).toEqual(['ming']);
        expect(await codes('"Ming"', path)).toEqual(['ming']);
        expect(await codes('tea', path)).toEqual(['lanxi', 'tea']);
        expect(await codes('shop.example', path)).toEqual(['carol', 'tea']);
        expect(await codes('50_o', path)).toEqual(['carol']);
        expect(await codes('0%o', path)).toEqual([]);
        expect(await codes('ob', path)).toEqual(['tea']);
        expect(await codes('House Owner', path)).toEqual([]);
      }
      const bob = ((await secret(ctx.app, shop, 'GET', '/v1/distributors?q=tea&sort=code')).body.data as { id: string; code: string }[]).find((d) => d.code === 'tea')!;
      expect((await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${bob.id}`, { name: 'Robert', email: 'robert@new.example' })).status).toBe(200);
      expect(await codes('bob@')).toEqual([]);
      expect(await codes('robert@new')).toEqual(['tea']);
    });

    test('PATCH status, grade, parent; a move forming a cycle is 422 and changes nothing', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx, {
        levels: 2,
        defaultRates: { level1Bps: 1000, level2Bps: 500 },
        grades: [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 600 }],
      });
      const grandchild = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'C', parentCode: l1.code })).body;
      const cycle = await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l2.id}`, { parentId: grandchild.id });
      expect(cycle.status).toBe(422);
      expect(cycle.body.error.code).toBe('parent_cycle');
      const self = await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l2.id}`, { parentId: l2.id });
      expect(self.status).toBe(422);
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l2.id}`)).body.parentId).toBeNull();
      const moved = await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${grandchild.id}`, { parentId: l2.id, grade: 'gold', status: 'suspended' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ parentId: l2.id, grade: 'gold', status: 'suspended' });
      expect((await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l1.id}`, { status: 'retired' })).status).toBe(422);
      expect((await secret(ctx.app, shop, 'PATCH', `/v1/distributors/${l1.id}`, {})).status).toBe(422);
      expect((await secret(ctx.app, shop, 'PATCH', `/v1/distributors/dst_missing`, { status: 'active' })).status).toBe(404);
    });

    test('public lookup shows code and display name only, for active distributors', async () => {
      const shop = await createTestShop(ctx.app);
      const code = uid('pub');
      await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Public Name', code, email: 'private@example.com' });
      const res = await browser(ctx.app, 'GET', `/v1/public/distributors/${code}?key=${shop.pk}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ code, displayName: 'Public Name' });
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect((await browser(ctx.app, 'GET', `/v1/public/distributors/nobody?key=${shop.pk}`)).status).toBe(404);
      expect((await browser(ctx.app, 'GET', `/v1/public/distributors/${code}`)).status).toBe(401);
    });
  });
}
