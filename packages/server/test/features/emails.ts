import { signIdentityToken } from '@twotier/core';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../../src/app';
import { createSmtpTransport } from '../../src/email/email-settings';
import { createEmailWorker, type EmailWorker } from '../../src/email/email-worker';
import { pruneEmails } from '../../src/email/prune-emails';
import { nodeListener } from '../../src/http/click-lane';
import { startServer } from '../../src/node';
import { makeApp, OPERATOR, ORIGIN, uid, type TestShop } from '../harness';
import { orderBody, type SuiteContext } from '../suite/context';

/** An SMTP server on 127.0.0.1 that keeps every message it is given, parsed. */
function smtpSink() {
  const got: (ParsedMail & { envelopeTo: string[] })[] = [];
  const state = { server: null as SMTPServer | null, port: 0 };
  return {
    got,
    state,
    to: (address: string) => got.filter((m) => m.envelopeTo.includes(address)),
    async start() {
      state.server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, done) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            simpleParser(Buffer.concat(chunks)).then(
              (mail) => {
                got.push(Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
                done();
              },
              (err: Error) => done(err),
            );
          });
        },
      });
      await new Promise<void>((r) => state.server!.listen(0, '127.0.0.1', () => r()));
      state.port = (state.server.server.address() as AddressInfo).port;
    },
    stop: () => new Promise<void>((r) => (state.server ? state.server.close(() => r()) : r())),
  };
}

/** Runs a worker until nothing is due (earlier tests of the suite leave emails of their own queued). */
const drain = async (w: EmailWorker): Promise<number> => {
  let total = 0;
  for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) total += n;
  return total;
};

const waitFor = async (what: () => boolean, ms = 8000) => {
  const until = Date.now() + ms;
  while (!what()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * Distributors are told when money moves (issue 16): a new commission, a
 * downline sale, money available, a withdrawal paid or rejected — through a
 * real SMTP server started here, each message in the distributor's
 * language, once, with an unsubscribe link that works over a real socket.
 */
export function emailTests(ctx: SuiteContext) {
  describe('distributor emails (SMTP server in the test)', () => {
    const smtp = smtpSink();
    const from = 'Lanxi Tea <payouts@lanxi.example>';
    let app: TwotierApp;
    let server: Server;
    let base = '';
    let worker: EmailWorker;
    beforeAll(async () => {
      await smtp.start();
      app = makeApp(ctx.db, ctx.clock);
      server = createServer(nodeListener(app));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      worker = createEmailWorker({ db: ctx.db, transport: createSmtpTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.state.port}`, from }), from, publicUrl: base, now: () => ctx.clock.ms });
    });
    afterAll(async () => {
      await worker?.stop();
      await new Promise((r) => server?.close(r));
      await app?.close();
      await smtp.stop();
    });
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(base + path, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      let parsed: any = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // HTML
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    };
    const sk = (shop: TestShop) => ({ authorization: `Bearer ${shop.sk}` });

    async function chain() {
      const created = await call('POST', '/v1/shops', { name: '兰溪茶社', currency: 'CNY', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` });
      const shop: TestShop = { id: created.body.id, pk: created.body.publishableKey, sk: created.body.secretKey };
      await call('PUT', '/v1/program', { levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, holdDays: 7 }, sk(shop));
      const parentEmail = `${uid('li')}@example.com`;
      const childEmail = `${uid('wang')}@example.com`;
      const parent = (await call('POST', '/v1/distributors', { name: '李娜', email: parentEmail, code: uid('p'), locale: 'zh-CN' }, sk(shop))).body;
      const child = (await call('POST', '/v1/distributors', { name: 'Wang Fang', email: childEmail, code: uid('c'), parentCode: parent.code }, sk(shop))).body;
      expect(parent.locale).toBe('zh-CN');
      return { shop, parent, child, parentEmail, childEmail };
    }

    test('a sale emails the seller (level 1) and their recruiter (level 2), each in their language, once', async () => {
      const { shop, parent, child, parentEmail, childEmail } = await chain();
      const orderId = uid('o');
      expect((await call('POST', '/v1/orders', orderBody(orderId, { referralCode: child.code }), sk(shop))).status).toBe(201);
      // the same order again: no new commission, no new email
      expect((await call('POST', '/v1/orders', orderBody(orderId, { referralCode: child.code }), sk(shop))).status).toBe(200);

      // two workers at once: each email goes out exactly once
      const other = createEmailWorker({ db: ctx.db, transport: createSmtpTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.state.port}`, from }), from, publicUrl: base, now: () => ctx.clock.ms });
      await Promise.all([drain(worker), drain(other)]);
      await other.stop();
      await drain(worker);
      const toChild = smtp.to(childEmail);
      const toParent = smtp.to(parentEmail);
      expect(toChild).toHaveLength(1);
      expect(toParent).toHaveLength(1);

      const en = toChild[0]!;
      expect(en.subject).toBe('You earned a commission of CN¥10.00 · 兰溪茶社');
      expect(en.from?.value[0]).toMatchObject({ name: 'Lanxi Tea', address: 'payouts@lanxi.example' });
      expect(en.text).toContain(`order ${orderId}`);
      expect(en.messageId).toMatch(/^<eml_[A-Za-z0-9]+\.[^@]+@lanxi\.example>$/);
      const zh = toParent[0]!;
      expect(zh.subject).toBe('您的下级成交一笔订单：二级佣金 ¥5.00 · 兰溪茶社');
      expect(zh.text).toContain(`Wang Fang (${child.code}) 分享的商品成交了`);
      expect(zh.html).toContain('lang="zh-CN"');
      const header = (name: string) => zh.headerLines.find((h) => h.key === name)?.line ?? '';
      expect(header('list-unsubscribe')).toContain(`<${base}/v1/email/unsubscribe?token=`);
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      const rows = await ctx.db.kysely.selectFrom('email_outbox').select(['kind', 'status', 'attempts']).where('shop_id', '=', shop.id).orderBy('kind').execute();
      expect(rows).toEqual([
        { kind: 'commission', status: 'sent', attempts: 1 },
        { kind: 'downline', status: 'sent', attempts: 1 },
      ]);

      // money available after the hold period: one email per distributor for the settlement
      await call('POST', '/v1/orders', orderBody(uid('o'), { referralCode: child.code }), sk(shop));
      ctx.clock.advanceDays(8);
      expect((await call('POST', '/v1/settlements', undefined, sk(shop))).body.settled).toBe(4);
      await drain(worker);
      const available = smtp.to(childEmail).filter((m) => m.subject?.includes('available'));
      expect(available.map((m) => m.subject)).toEqual(['CN¥20.00 is now available to withdraw · 兰溪茶社']);
      expect(available[0]!.text).toContain('2 commissions have passed the hold period');
      expect(smtp.to(parentEmail).map((m) => m.subject)).toContain('¥10.00 佣金已可提现 · 兰溪茶社');

      // a withdrawal paid, another rejected
      const w1 = (await call('POST', '/v1/withdrawals', { distributorId: parent.id, amount: 600 }, sk(shop))).body;
      await call('POST', `/v1/withdrawals/${w1.id}/approve`, undefined, sk(shop));
      await call('POST', `/v1/withdrawals/${w1.id}/paid`, { reference: 'ALIPAY-2026-0042' }, sk(shop));
      const w2 = (await call('POST', '/v1/withdrawals', { distributorId: parent.id, amount: 400 }, sk(shop))).body;
      await call('POST', `/v1/withdrawals/${w2.id}/reject`, { reason: '收款账户姓名不符' }, sk(shop));
      await drain(worker);
      const paid = smtp.to(parentEmail).find((m) => m.subject?.startsWith('提现已打款'));
      expect(paid?.subject).toBe('提现已打款 ¥6.00 · 兰溪茶社');
      expect(paid?.text).toContain('付款单号：ALIPAY-2026-0042');
      const rejected = smtp.to(parentEmail).find((m) => m.subject?.startsWith('提现申请未通过'));
      expect(rejected?.text).toContain('原因：收款账户姓名不符');
      expect(rejected?.html).toContain('收款账户姓名不符');
      expect(await drain(worker)).toBe(0);
    });

    test('the unsubscribe link works: a GET shows the page, the button unsubscribes, no email follows', async () => {
      const { shop, child, childEmail } = await chain();
      await call('POST', '/v1/orders', orderBody(uid('o'), { referralCode: child.code }), sk(shop));
      await drain(worker);
      const mail = smtp.to(childEmail)[0]!;
      const link = /(http:\/\/127\.0\.0\.1:\d+\/v1\/email\/unsubscribe\?token=[A-Za-z0-9_.%-]+)/.exec(mail.text ?? '')![1]!;
      const path = link.slice(base.length);

      // a mail scanner's GET changes nothing
      const pageRes = await call('GET', path, undefined, { accept: 'text/html' });
      expect(pageRes.status).toBe(200);
      expect(pageRes.headers.get('content-type')).toContain('text/html');
      expect(pageRes.text).toContain('<form method="post"');
      expect(pageRes.text).toContain('Unsubscribe');
      const before = await ctx.db.kysely.selectFrom('distributors').selectAll().where('shop_id', '=', shop.id).where('id', '=', child.id).executeTakeFirstOrThrow();
      expect(before.email_opt_out_at ?? null).toBeNull();

      // the button
      const done = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=unsubscribe' });
      expect(done.status).toBe(200);
      expect(await done.text()).toContain('You are unsubscribed');
      const after = await ctx.db.kysely.selectFrom('distributors').selectAll().where('shop_id', '=', shop.id).where('id', '=', child.id).executeTakeFirstOrThrow();
      expect(Number(after.email_opt_out_at)).toBeGreaterThan(0);

      const count = smtp.to(childEmail).length;
      await call('POST', '/v1/orders', orderBody(uid('o'), { referralCode: child.code }), sk(shop));
      await drain(worker);
      expect(smtp.to(childEmail)).toHaveLength(count);
      const skipped = await ctx.db.kysely.selectFrom('email_outbox').select(['status', 'last_error']).where('shop_id', '=', shop.id).where('distributor_id', '=', child.id).where('status', '=', 'skipped').execute();
      expect(skipped).toEqual([{ status: 'skipped', last_error: 'unsubscribed' }]);

      // a mail client's one-click POST (RFC 8058) works the same; a forged token does not
      const other = await chain();
      const forged = path.replace(/token=[^.]+\.[^.]+\./, `token=${Buffer.from(other.shop.id).toString('base64url')}.${Buffer.from(other.child.id).toString('base64url')}.`);
      expect((await call('POST', forged, undefined, {})).status).toBe(400);
      expect((await call('GET', '/v1/email/unsubscribe?token=nope', undefined, { accept: 'text/html' })).status).toBe(400);
      expect((await call('GET', '/v1/email/unsubscribe?token=nope')).body.error.code).toBe('invalid_token');
    });

    test('from the panel, a distributor sets the language of their emails, and stops and restarts them', async () => {
      const { shop } = await chain();
      const email = `${uid('zhou')}@example.com`;
      const identityToken = await signIdentityToken(shop.sk, { userId: uid('u'), email, name: 'Zhou Jie', exp: Math.floor(ctx.clock.ms / 1000) + 600 });
      const session = (await call('POST', '/v1/sessions', { key: shop.pk, identityToken }, { origin: ORIGIN, 'content-type': 'text/plain' })).body.session;
      const me = { authorization: `Bearer ${session}`, origin: ORIGIN };
      const joined = await call('POST', '/v1/me/join', { acceptTerms: true, locale: 'en' }, me);
      expect(joined.status).toBe(201);
      const code = joined.body.distributor.code;
      const sale = async () => {
        await call('POST', '/v1/orders', orderBody(uid('o'), { referralCode: code }), sk(shop));
        await drain(worker);
        return smtp.to(email).map((m) => m.subject);
      };
      expect(await sale()).toEqual(['You earned a commission of CN¥10.00 · 兰溪茶社']);
      expect((await call('PATCH', '/v1/me', { locale: 'zh-CN' }, me)).body).toEqual({ locale: 'zh-CN', emails: true, email });
      expect((await sale()).at(-1)).toBe('您获得一笔佣金 ¥10.00 · 兰溪茶社');
      expect((await call('PATCH', '/v1/me', { emails: false }, me)).body.emails).toBe(false);
      expect(await sale()).toHaveLength(2);
      expect((await call('PATCH', '/v1/me', { emails: true }, me)).body.emails).toBe(true);
      expect(await sale()).toHaveLength(3);
      expect((await call('PATCH', '/v1/me', {}, me)).status).toBe(422);
      expect((await call('PATCH', '/v1/me', { locale: 'fr' }, me)).status).toBe(422);
    });

    test('emails queued long before they could be sent expire instead of going out late; the outbox is pruned after 30 days', async () => {
      const { shop, child, childEmail } = await chain();
      await call('POST', '/v1/orders', orderBody(uid('o'), { referralCode: child.code }), sk(shop));
      // a server that had no SMTP for three days, then gets one
      const late = createEmailWorker({ db: ctx.db, transport: createSmtpTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.state.port}`, from }), from, publicUrl: base, now: () => ctx.clock.ms + 3 * 86_400_000 });
      await drain(late);
      await late.stop();
      expect(smtp.to(childEmail)).toHaveLength(0);
      const rows = await ctx.db.kysely.selectFrom('email_outbox').select('status').where('shop_id', '=', shop.id).execute();
      expect(rows.map((r) => r.status)).toEqual(['expired', 'expired']);
      await pruneEmails(ctx.db, ctx.clock.ms + 29 * 86_400_000);
      expect(await ctx.db.kysely.selectFrom('email_outbox').select('id').where('shop_id', '=', shop.id).execute()).toHaveLength(2);
      expect(await pruneEmails(ctx.db, ctx.clock.ms + 31 * 86_400_000)).toBeGreaterThanOrEqual(2);
      expect(await ctx.db.kysely.selectFrom('email_outbox').select('id').where('shop_id', '=', shop.id).execute()).toEqual([]);
    });

    test('the server sends nothing without SMTP and says so on start; with it, a real server emails on its own', async () => {
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)), cb()) });
      const logger = pino({ base: null }, sink);
      const off = await startServer({ databaseUrl: ctx.factory.url, port: 0, hostname: '127.0.0.1', logger, handleSignals: false, settleEveryMs: 0, now: ctx.clock.now, operatorToken: OPERATOR });
      await off.stop();
      expect(lines.some((l) => JSON.parse(l).msg === 'email: off (TWOTIER_SMTP_URL not set)')).toBe(true);

      lines.length = 0;
      const on = await startServer({
        databaseUrl: ctx.factory.url,
        port: 0,
        hostname: '127.0.0.1',
        logger,
        handleSignals: false,
        settleEveryMs: 0,
        now: ctx.clock.now,
        operatorToken: OPERATOR,
        email: { smtpUrl: `smtp://127.0.0.1:${smtp.state.port}`, from, publicUrl: 'https://twotier.lanxi.example' },
      });
      try {
        expect(lines.some((l) => JSON.parse(l).msg === `email: on via smtp://127.0.0.1:${smtp.state.port} from ${from}`)).toBe(true);
        const { shop, child, childEmail } = await chain();
        const res = await fetch(`${on.url}/v1/orders`, { method: 'POST', headers: { ...sk(shop), 'content-type': 'application/json' }, body: JSON.stringify(orderBody(uid('o'), { referralCode: child.code })) });
        expect(res.status).toBe(201);
        await waitFor(() => smtp.to(childEmail).length === 1);
        expect(smtp.to(childEmail)[0]!.text).toContain('https://twotier.lanxi.example/v1/email/unsubscribe?token=');
      } finally {
        await on.stop();
      }
    });
  });
}
