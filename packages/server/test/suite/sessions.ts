import { signIdentityToken } from '@twotier/core';
import { describe, expect, test } from 'vitest';
import { ORIGIN, browser, createTestShop, secret, uid, type TestShop } from '../harness';
import { pruneSessions } from '../../src/background/prune-sessions';
import { orderBody, type SuiteContext } from './context';

export function sessionTests(ctx: SuiteContext) {
  const login = async (shop: TestShop, userId: string, extra: object = {}) => {
    const identityToken = await signIdentityToken(shop.sk, { userId, name: `User ${userId}`, email: `${userId}@example.com`, exp: Math.floor(ctx.clock.ms / 1000) + 600 });
    return browser(ctx.app, 'POST', '/v1/sessions', { key: shop.pk, identityToken, ...extra });
  };
  const me = (session: string, method: string, path: string, body?: unknown) =>
    browser(ctx.app, method, path, body, { authorization: `Bearer ${session}` });

  describe('sessions and /v1/me', () => {
    test('an identity token signed with the secret key opens a session; forged or expired ones do not', async () => {
      const shop = await createTestShop(ctx.app);
      const res = await login(shop, 'u1');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ session: expect.stringMatching(/^ses_/), distributor: null, user: { userId: 'u1' } });
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const other = await createTestShop(ctx.app);
      const forged = await signIdentityToken(other.sk, { userId: 'u1', exp: Math.floor(ctx.clock.ms / 1000) + 600 });
      expect((await browser(ctx.app, 'POST', '/v1/sessions', { key: shop.pk, identityToken: forged })).status).toBe(401);
      const expired = await signIdentityToken(shop.sk, { userId: 'u1', exp: Math.floor(ctx.clock.ms / 1000) - 1 });
      expect((await browser(ctx.app, 'POST', '/v1/sessions', { key: shop.pk, identityToken: expired })).status).toBe(401);
      expect((await me('ses_nope_nope', 'GET', '/v1/me')).status).toBe(401);
      const profile = await me(res.body.session, 'GET', '/v1/me');
      expect(profile.body).toMatchObject({ user: { userId: 'u1' }, distributor: null, links: [], balance: null, program: { levels: 2 } });
    });

    test('expired sessions are deleted by the background pruning; live ones keep working', async () => {
      const shop = await createTestShop(ctx.app);
      const old = (await login(shop, 'u-old')).body;
      ctx.clock.advanceDays(20);
      const live = (await login(shop, 'u-live')).body;
      const rows = async () => (await ctx.db.kysely.selectFrom('sessions').select('user_id').where('shop_id', '=', shop.id).orderBy('user_id').execute()).map((r) => r.user_id);
      expect(await rows()).toEqual(['u-live', 'u-old']);
      await pruneSessions(ctx.db, Date.parse(old.expiresAt) - 1);
      expect(await rows()).toEqual(['u-live', 'u-old']);
      expect(await pruneSessions(ctx.db, Date.parse(old.expiresAt))).toBeGreaterThanOrEqual(1);
      expect(await rows()).toEqual(['u-live']);
      ctx.clock.advanceDays(10);
      expect((await me(old.session, 'GET', '/v1/me')).status).toBe(401);
      expect((await me(live.session, 'GET', '/v1/me')).body).toMatchObject({ user: { userId: 'u-live' } });
    });

    test('join: free, needs acceptTerms, parent from the invite code or the visitor\'s attribution (a stale invite is passed over), pending under approval', async () => {
      const shop = await createTestShop(ctx.app);
      const parent = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Parent', code: uid('par') })).body;
      const s1 = (await login(shop, 'u-invited')).body.session;
      expect((await me(s1, 'POST', '/v1/me/join', { acceptTerms: false })).status).toBe(422);
      const joined = await me(s1, 'POST', '/v1/me/join', { acceptTerms: true, parentCode: parent.code });
      expect(joined.status).toBe(201);
      expect(joined.body.distributor).toMatchObject({ parentId: parent.id, status: 'active', name: 'User u-invited' });
      expect(joined.body.links).toEqual([`${ORIGIN}/?ref=${joined.body.distributor.code}`]);
      expect((await me(s1, 'POST', '/v1/me/join', { acceptTerms: true })).status).toBe(200);
      const profile = await me(s1, 'GET', '/v1/me');
      expect(profile.body.distributor.id).toBe(joined.body.distributor.id);
      expect(profile.body.balance).toMatchObject({ pending: 0, available: 0 });

      const visitorId = uid('visitor');
      await browser(ctx.app, 'POST', '/v1/track/click', { key: shop.pk, code: parent.code, visitorId, eventId: uid('event'), url: 'https://shop.example/' });
      const s2 = (await login(shop, 'u-visitor', { visitorId })).body.session;
      const viaClick = await me(s2, 'POST', '/v1/me/join', { acceptTerms: true, parentCode: 'no-such-code' });
      expect(viaClick.status).toBe(201);
      expect(viaClick.body.distributor.parentId).toBe(parent.id);
      const s4 = (await login(shop, 'u-stale-invite')).body.session;
      const stale = await me(s4, 'POST', '/v1/me/join', { acceptTerms: true, parentCode: 'no-such-code' });
      expect(stale.status).toBe(201);
      expect(stale.body.distributor.parentId).toBeNull();

      await secret(ctx.app, shop, 'PUT', '/v1/program', { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, joinPolicy: 'approval' });
      const s3 = (await login(shop, 'u-applicant')).body.session;
      expect((await me(s3, 'POST', '/v1/me/join', { acceptTerms: true })).body.distributor.status).toBe('pending');
      expect((await me(s3, 'POST', '/v1/me/withdrawals', { amount: 100 })).status).toBe(403);
    });

    test('my commissions, recruits with their sales, and my withdrawals', async () => {
      const shop = await createTestShop(ctx.app, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
      const s = (await login(shop, 'u-boss')).body.session;
      const boss = (await me(s, 'POST', '/v1/me/join', { acceptTerms: true })).body.distributor;
      const recruit = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Recruit', parentCode: boss.code })).body;
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: recruit.code }, 2));
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: boss.code }));
      const commissions = await me(s, 'GET', '/v1/me/commissions');
      expect(commissions.body.data.map((c: any) => c.amount).sort()).toEqual([1000, 1000]);
      const recruits = await me(s, 'GET', '/v1/me/recruits');
      expect(recruits.body.data).toEqual([expect.objectContaining({ id: recruit.id, sales: 20_000, orders: 1, myCommission: 1000 })]);
      await secret(ctx.app, shop, 'POST', '/v1/settlements');
      const w = await me(s, 'POST', '/v1/me/withdrawals', { amount: 1500 });
      expect(w.status).toBe(201);
      expect((await me(s, 'POST', '/v1/me/withdrawals', { amount: 501 })).status).toBe(409);
      expect((await me(s, 'GET', '/v1/me/withdrawals')).body.data).toHaveLength(1);
    });

    test('a recruit’s sales in the panel are the dashboard’s (docs/figures.md): paid with shipping and tax, less refunds; a full refund adds nothing', async () => {
      const shop = await createTestShop(ctx.app, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 } });
      const s = (await login(shop, 'u-lead')).body.session;
      const lead = (await me(s, 'POST', '/v1/me/join', { acceptTerms: true })).body.distributor;
      const recruit = (await secret(ctx.app, shop, 'POST', '/v1/distributors', { name: 'Shipper', parentCode: lead.code })).body;
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: recruit.code, shipping: 800, tax: 300 }, 2));
      const partly = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(partly, { referralCode: recruit.code, shipping: 1000 }));
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/${partly}/refunds`, { id: `${partly}-r1`, amount: 2500 })).status).toBe(201);
      const gone = uid('o');
      await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(gone, { referralCode: recruit.code }));
      expect((await secret(ctx.app, shop, 'POST', `/v1/orders/${gone}/refunds`, { id: `${gone}-r1`, amount: 10_000 })).status).toBe(201);
      const panel = (await me(s, 'GET', '/v1/me/recruits')).body.data[0];
      const dashboard = (await secret(ctx.app, shop, 'GET', '/v1/admin/reports/distributors?sort=code')).body.data.find((d: { id: string }) => d.id === recruit.id);
      // 21,100 (items 20,000, shipping 800, tax 300) + 11,000 − 2,500 refunded; the order refunded in full adds nothing
      expect(panel).toMatchObject({ id: recruit.id, sales: 29_600, orders: 2 });
      expect(dashboard.sales).toBe(panel.sales);
    });
  });
}
