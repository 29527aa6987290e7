import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { startServer } from '../../src/node';
import { settleDue } from '../../src/services/settlement';
import { ORIGIN, createTestShop, secret, uid } from '../harness';
import { orderBody, shopWithChain, type SuiteContext } from './context';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../bin/twotier.mjs', import.meta.url));

export function processTests(ctx: SuiteContext) {
  describe('several processes', () => {
    test('two `twotier settle` processes and the server settle at once: each commission exactly once', async () => {
      const { shop, l1, l2 } = await shopWithChain(ctx, { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 0 });
      for (let i = 0; i < 30; i++) await secret(ctx.app, shop, 'POST', '/v1/orders', orderBody(uid('o'), { referralCode: l1.code }));
      const env = { ...process.env, DATABASE_URL: ctx.factory.name === 'postgres' ? ctx.factory.url : '' };
      const args = ctx.factory.name === 'postgres' ? ['settle'] : ['settle', '--db', ctx.factory.url];
      await Promise.all([run(process.execPath, [cli, ...args], { env }), run(process.execPath, [cli, ...args], { env }), settleDue(ctx.db, Date.now())]);
      const settlements = await ctx.db.kysely
        .selectFrom('ledger_entries')
        .select(['commission_id'])
        .where('shop_id', '=', shop.id)
        .where('kind', '=', 'settlement')
        .execute();
      expect(settlements).toHaveLength(60 * 2);
      expect(new Set(settlements.map((s) => s.commission_id)).size).toBe(60);
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l1.id}/balance`)).body).toMatchObject({ pending: 0, available: 30_000 });
      expect((await secret(ctx.app, shop, 'GET', `/v1/distributors/${l2.id}/balance`)).body).toMatchObject({ pending: 0, available: 15_000 });
    });

    test('`twotier shop create` prints working keys', async () => {
      const env = { ...process.env, DATABASE_URL: ctx.factory.name === 'postgres' ? ctx.factory.url : '' };
      const db = ctx.factory.name === 'postgres' ? [] : ['--db', ctx.factory.url];
      const { stdout } = await run(process.execPath, [cli, 'shop', 'create', '--name', 'CLI Tea', '--origin', ORIGIN, '--currency', 'USD', ...db], { env });
      const sk = /secret key:\s+(sk_\S+)/.exec(stdout)?.[1];
      expect(stdout).toMatch(/publishable key: pk_/);
      expect(sk).toBeDefined();
      const res = await ctx.app.request('/v1/shop', { headers: { authorization: `Bearer ${sk}` } });
      expect(await res.json()).toMatchObject({ name: 'CLI Tea', currency: 'USD', allowedOrigins: [ORIGIN] });
    });

    test('graceful stop: clicks in flight are answered and stored before the database closes', async () => {
      const shop = await createTestShop(ctx.app);
      const server = await startServer({
        databaseUrl: ctx.factory.url,
        port: 0,
        hostname: '127.0.0.1',
        handleSignals: false,
        settleEveryMs: 0,
        rateLimiter: false,
        clickBatch: { maxDelayMs: 500 },
        logger: (await import('pino')).default({ level: 'silent' }),
      });
      const ids = Array.from({ length: 40 }, () => uid('event'));
      const sent = ids.map((eventId) =>
        fetch(`${server.url.replace('localhost', '127.0.0.1')}/v1/track/click`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'text/plain' },
          body: JSON.stringify({ key: shop.pk, code: 'c1', visitorId: 'visitor_graceful', eventId, url: 'https://shop.example/' }),
        }).then((r) => r.status, () => 0),
      );
      // every click reached the server and waits for its batch: stop now
      while (server.app.services.clicks.queued < ids.length) await new Promise((r) => setTimeout(r, 10));
      await server.stop();
      const statuses = await Promise.all(sent);
      const stored = await ctx.db.kysely.selectFrom('touches').select('event_id').where('shop_id', '=', shop.id).execute();
      const storedIds = new Set(stored.map((s) => s.event_id));
      expect(statuses).toEqual(ids.map(() => 202));
      expect(ids.every((id) => storedIds.has(id))).toBe(true);
    });
  });
}
