import { signIdentityToken } from '@twotier/core';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TwotierApp } from '../../src/app';
import { nodeListener } from '../../src/http/click-lane';
import { createPayoutKeyring } from '../../src/payouts/keyring';
import { rotatePayoutKeys } from '../../src/payouts/rotate-keys';
import { makeApp, OPERATOR, ORIGIN, uid, type TestShop } from '../harness';
import { TWOTIER_BIN } from '../serve-bin';

const run = promisify(execFile);
import { orderBody, type SuiteContext } from '../suite/context';

/** RFC 4180 CSV as a spreadsheet or an uploader reads it: quoted fields, doubled quotes, CRLF rows. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

interface Res {
  status: number;
  body: any;
  text: string;
  bytes: Uint8Array;
  headers: Headers;
}

/** The app on a real socket on 127.0.0.1. */
function serve(getApp: () => TwotierApp) {
  const s = { base: '', server: undefined as Server | undefined };
  beforeAll(async () => {
    s.server = createServer(nodeListener(getApp()));
    await new Promise<void>((r) => s.server!.listen(0, '127.0.0.1', r));
    s.base = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => s.server?.close(r));
  });
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
    const res = await fetch(s.base + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV or empty
    }
    return { status: res.status, body: parsed, text, bytes, headers: res.headers };
  };
}

const BOM = [0xef, 0xbb, 0xbf];
const startsWithBom = (b: Uint8Array) => b[0] === BOM[0] && b[1] === BOM[1] && b[2] === BOM[2];
const withoutBom = (t: string) => (t.startsWith('\uFEFF') ? t.slice(1) : t);

/**
 * Payouts that can be paid (issue 16): payout accounts validated by kind,
 * encrypted at rest and shown masked; withdrawals that name one; the bulk
 * files of Alipay, WeChat Pay, a bank and PayPal read back as each template
 * defines them; key rotation. Over a real socket, on each database.
 */
export function payoutTests(ctx: SuiteContext) {
  describe('payout accounts and mass-pay files (over a real socket)', () => {
    const oldKey = randomBytes(32).toString('base64');
    const keys = createPayoutKeyring(oldKey)!;
    let app: TwotierApp;
    let keyless: TwotierApp;
    beforeAll(() => {
      app = makeApp(ctx.db, ctx.clock, { payoutKeys: keys });
      keyless = makeApp(ctx.db, ctx.clock);
    });
    afterAll(async () => {
      await app?.close();
      await keyless?.close();
    });
    const call = serve(() => app);
    const callKeyless = serve(() => keyless);
    const sk = (shop: TestShop) => ({ authorization: `Bearer ${shop.sk}` });

    /** A shop whose distributors each have `amount` available, in CNY and (for `usd`) USD. */
    async function shopWithEarnings(names: string[], program: object = {}) {
      const created = await call('POST', '/v1/shops', { name: '兰溪茶社', currency: 'CNY', currencies: ['CNY', 'USD'], allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` });
      expect(created.status).toBe(201);
      const shop: TestShop = { id: created.body.id, pk: created.body.publishableKey, sk: created.body.secretKey };
      expect((await call('PUT', '/v1/program', { levels: 1, defaultRates: { level1Bps: 1000, level2Bps: 0 }, holdDays: 0, ...program }, sk(shop))).status).toBe(200);
      const ds: any[] = [];
      for (const name of names) {
        const d = (await call('POST', '/v1/distributors', { name, email: `${uid('d')}@example.com`, code: uid('c') }, sk(shop))).body;
        for (const currency of ['CNY', 'USD']) {
          expect((await call('POST', '/v1/orders', { ...orderBody(uid('o'), { referralCode: d.code }, 10), currency }, sk(shop))).status).toBe(201);
        }
        ds.push(d);
      }
      ctx.clock.advanceDays(1);
      await call('POST', '/v1/settlements', undefined, sk(shop));
      return { shop, ds };
    }

    test('accounts are validated by kind, stored encrypted, shown masked, and need the server key', async () => {
      const { shop, ds } = await shopWithEarnings(['张三']);
      const d = ds[0];
      const path = `/v1/distributors/${d.id}/payout-accounts`;
      // the old export's "accounts": an external id is not an Alipay account, nor a WeChat openid
      const bad = await call('POST', path, { kind: 'alipay', account: 'user-alice', realName: '张三' }, sk(shop));
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('validation_failed');
      expect((await call('POST', path, { kind: 'wechat', openid: 'user-alice', realName: '张三' }, sk(shop))).status).toBe(422);
      expect((await call('POST', path, { kind: 'bank', accountNumber: '6222020200001234567', holderName: '张三' }, sk(shop))).status).toBe(422);
      expect((await call('POST', `/v1/distributors/dst_nobody/payout-accounts`, { kind: 'paypal', email: 'z@example.com' }, sk(shop))).status).toBe(404);

      const alipay = await call('POST', path, { kind: 'alipay', account: '13812345678', realName: '张三' }, sk(shop));
      expect(alipay.status).toBe(201);
      expect(alipay.body).toMatchObject({ distributorId: d.id, kind: 'alipay', display: 'Alipay 138****5678 (*三)', masked: { account: '138****5678', realName: '*三' } });
      expect(alipay.text).not.toContain('13812345678');
      const bank = await call('POST', path, { kind: 'bank', accountNumber: '6222 0202 0000 1234 567', holderName: '张三', bankName: '中国工商银行', bankBranch: '杭州西湖支行', bankCode: '102331000123' }, sk(shop));
      expect(bank.status).toBe(201);
      expect(bank.body.masked).toEqual({ accountNumber: '•••• 4567', holderName: '*三', bankName: '中国工商银行', bankBranch: '杭州西湖支行', bankCode: '102331000123' });

      const listed = await call('GET', path, undefined, sk(shop));
      expect(listed.body.data.map((a: any) => a.kind)).toEqual(['bank', 'alipay']);
      expect(listed.text).not.toMatch(/13812345678|6222020200001234567|张三/);

      // at rest: neither the number nor the name is anywhere in the row
      const rows = await ctx.db.kysely.selectFrom('payout_accounts').selectAll().where('shop_id', '=', shop.id).execute();
      expect(rows).toHaveLength(2);
      for (const r of rows) {
        const stored = JSON.stringify(r);
        expect(stored).not.toMatch(/13812345678|6222020200001234567|张三/);
        expect(r.key_id).toBe(keys.current.id);
        expect(r.ciphertext.startsWith(`v1.${keys.current.id}.`)).toBe(true);
      }

      // a server without TWOTIER_PAYOUT_KEY stores nothing, and says why
      const refused = await callKeyless('POST', path, { kind: 'paypal', email: 'z@example.com' }, sk(shop));
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('payout_key_missing');
      // …and cannot write a file that needs an account's details
      const w = await call('POST', '/v1/withdrawals', { distributorId: d.id, amount: 100, payoutAccountId: alipay.body.id }, sk(shop));
      await call('POST', `/v1/withdrawals/${w.body.id}/approve`, undefined, sk(shop));
      expect((await callKeyless('GET', '/v1/withdrawals.csv?status=approved&format=alipay', undefined, sk(shop))).status).toBe(503);

      // deleted: no longer listed or nameable, but a withdrawal that named it can still be paid
      expect((await call('DELETE', `${path}/${alipay.body.id}`, undefined, sk(shop))).status).toBe(204);
      expect((await call('DELETE', `${path}/${alipay.body.id}`, undefined, sk(shop))).status).toBe(404);
      expect((await call('GET', path, undefined, sk(shop))).body.data.map((a: any) => a.id)).toEqual([bank.body.id]);
      const late = await call('POST', '/v1/withdrawals', { distributorId: d.id, amount: 100, payoutAccountId: alipay.body.id }, sk(shop));
      expect(late.status).toBe(422);
      expect(late.body.error.code).toBe('unknown_payout_account');
      const file = await call('GET', '/v1/withdrawals.csv?status=approved&format=alipay', undefined, sk(shop));
      expect(parseCsv(withoutBom(file.text))[1]).toEqual(['1', '13812345678', '张三', '1.00', `佣金提现 ${w.body.id}`]);
    });

    test('a withdrawal names one of its own distributor’s accounts; old requests without one still work', async () => {
      const { shop, ds } = await shopWithEarnings(['李娜', '王芳']);
      const [a, b] = ds;
      const acc = await call('POST', `/v1/distributors/${a.id}/payout-accounts`, { kind: 'paypal', email: 'lina@example.com' }, sk(shop));
      const other = await call('POST', `/v1/withdrawals`, { distributorId: b.id, amount: 100, payoutAccountId: acc.body.id }, sk(shop));
      expect(other.status).toBe(422);
      const named = await call('POST', `/v1/withdrawals`, { distributorId: a.id, amount: 100, payoutAccountId: acc.body.id }, sk(shop));
      expect(named.status).toBe(201);
      expect(named.body.payoutAccountId).toBe(acc.body.id);
      const plain = await call('POST', `/v1/withdrawals`, { distributorId: b.id, amount: 100 }, sk(shop));
      expect(plain.status).toBe(201);
      expect(plain.body.payoutAccountId).toBeNull();
      expect((await call('GET', `/v1/withdrawals?distributorId=${a.id}`, undefined, sk(shop))).body.data[0].payoutAccountId).toBe(acc.body.id);

      // the distributor's own endpoints: accounts, a quote with fee and net, a withdrawal naming the account
      const identityToken = await signIdentityToken(shop.sk, { userId: 'u-lina', email: 'lina@example.com', name: '李娜', exp: Math.floor(ctx.clock.ms / 1000) + 600 });
      const session = (await call('POST', '/v1/sessions', { key: shop.pk, identityToken }, { origin: ORIGIN, 'content-type': 'text/plain' })).body.session;
      const me = { authorization: `Bearer ${session}`, origin: ORIGIN };
      expect((await call('POST', '/v1/me/join', { acceptTerms: true, locale: 'zh-CN' }, me)).status).toBe(201);
      const mine = await call('POST', '/v1/me/payout-accounts', { kind: 'wechat', openid: 'o-MYE42l80oelYMDE34nYD456Xoy', realName: '李娜' }, me);
      expect(mine.status).toBe(201);
      expect(mine.body.masked).toEqual({ openid: 'o-MY********************6Xoy', realName: '*娜' });
      expect((await call('GET', '/v1/me/payout-accounts', undefined, me)).body.data.map((x: any) => x.id)).toEqual([mine.body.id]);
      expect((await call('GET', '/v1/me/withdrawals/quote?amount=0', undefined, me)).status).toBe(422);
      // 李娜 joined as a new distributor: nothing available yet, so the quote says it is not allowed
      const quote = await call('GET', '/v1/me/withdrawals/quote?amount=1000', undefined, me);
      expect(quote.body).toEqual({ currency: 'CNY', amount: 1000, fee: 0, net: 1000, available: 0, minWithdrawal: 0, allowed: false });
      const refused = await call('POST', '/v1/me/withdrawals', { amount: 1000, payoutAccountId: mine.body.id }, me);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('insufficient_balance');
      expect((await call('POST', '/v1/me/withdrawals', { amount: 1000, payoutAccountId: acc.body.id }, me)).body.error.code).toBe('unknown_payout_account');
      // nobody reaches another's accounts: not a distributor's session, not another shop's key
      expect((await call('DELETE', `/v1/me/payout-accounts/${acc.body.id}`, undefined, me)).status).toBe(404);
      const otherShop = await call('POST', '/v1/shops', { name: 'Other', currency: 'CNY', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${OPERATOR}` });
      const otherSk = { authorization: `Bearer ${otherShop.body.secretKey}` };
      expect((await call('GET', `/v1/distributors/${a.id}/payout-accounts`, undefined, otherSk)).status).toBe(404);
      expect((await call('DELETE', `/v1/distributors/${a.id}/payout-accounts/${acc.body.id}`, undefined, otherSk)).status).toBe(404);
      expect((await call('POST', `/v1/distributors/${a.id}/payout-accounts`, { kind: 'paypal', email: 'x@example.com' }, otherSk)).status).toBe(404);
      expect((await call('GET', `/v1/distributors/${a.id}/payout-accounts`, undefined, sk(shop))).body.data.map((x: any) => x.id)).toEqual([acc.body.id]);
      // a publishable key, or the secret key from a browser, reads nothing
      expect((await call('GET', `/v1/distributors/${a.id}/payout-accounts`, undefined, { authorization: `Bearer ${shop.pk}` })).status).toBe(403);
      expect((await call('GET', `/v1/distributors/${a.id}/payout-accounts`, undefined, { ...sk(shop), origin: ORIGIN })).status).toBe(403);
    });

    test('each bulk-payment file reads back as its template defines it', async () => {
      const { shop, ds } = await shopWithEarnings(['张三', '李娜', '王芳', 'Jane Doe', '赵六'], { withdrawalFee: { bps: 100 } });
      const [zhang, li, wang, jane, zhao] = ds;
      const add = (d: any, body: object) => call('POST', `/v1/distributors/${d.id}/payout-accounts`, body, sk(shop)).then((r) => r.body);
      const alipay = await add(zhang, { kind: 'alipay', account: 'zhang.san@example.com', realName: '张三' });
      await add(li, { kind: 'wechat', openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', realName: '李娜' });
      await add(wang, { kind: 'bank', accountNumber: '6222020200001234567', holderName: '王芳', bankName: '中国工商银行', bankBranch: '杭州西湖支行', bankCode: '102331000123' });
      await add(jane, { kind: 'paypal', email: 'jane.doe@example.com' });
      // 赵六 has no account: every file leaves their withdrawal out, and says so
      const wd = async (d: any, amount: number, currency = 'CNY', payoutAccountId?: string) => {
        const r = await call('POST', '/v1/withdrawals', { distributorId: d.id, amount, currency, ...(payoutAccountId ? { payoutAccountId } : {}) }, sk(shop));
        expect(r.status).toBe(201);
        expect((await call('POST', `/v1/withdrawals/${r.body.id}/approve`, undefined, sk(shop))).status).toBe(200);
        return r.body;
      };
      const wZhang = await wd(zhang, 9_999, 'CNY', alipay.id); // fee 1% → 100, net 98.99
      const wLi = await wd(li, 5_000);
      const wWang = await wd(wang, 7_777); // fee 77.77 → 78 (half to even), net 76.99
      const wJaneUsd = await wd(jane, 4_321, 'USD');
      const wZhao = await wd(zhao, 1_000);
      const get = (q: string) => call('GET', `/v1/withdrawals.csv?status=approved&${q}`, undefined, sk(shop));

      // Alipay: no published template of its batch transfer was found (docs/ledger.md): one header row of the
      // columns a transfer to an Alipay account needs, 序号 / login id / real name / 元 / remark, then one row each
      const ali = await get('format=alipay');
      expect(ali.status).toBe(200);
      expect(ali.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(startsWithBom(ali.bytes)).toBe(true);
      const aliRows = parseCsv(withoutBom(ali.text));
      expect(aliRows[0]).toEqual(['序号', '收款方支付宝账号', '收款方姓名', '金额（元）', '备注']);
      expect(aliRows.slice(1)).toEqual([['1', 'zhang.san@example.com', '张三', '98.99', `佣金提现 ${wZhang.id}`]]);
      expect(Number(ali.headers.get('twotier-skipped'))).toBe(4); // li, wang, zhao: no Alipay account; jane: USD
      expect(ali.headers.get('twotier-skipped-withdrawals')).toContain(`${wJaneUsd.id}:currency_not_supported`);
      expect(ali.headers.get('twotier-skipped-withdrawals')).toContain(`${wZhao.id}:no_payout_account`);
      // the same template in GBK, for an uploader that reads the Chinese Windows code page: no BOM, the same cells
      const gbk = await get('format=alipay&encoding=gbk');
      expect(gbk.headers.get('content-type')).toBe('text/csv; charset=gbk');
      expect(startsWithBom(gbk.bytes)).toBe(false);
      expect(parseCsv(new TextDecoder('gbk').decode(gbk.bytes))).toEqual(aliRows);
      // a name GBK cannot write is refused, never written as "?"
      await add(zhao, { kind: 'alipay', account: '13700000000', realName: '𠮷野' });
      const lossy = await get('format=alipay&encoding=gbk');
      expect(lossy.status).toBe(422);
      expect(lossy.body.error).toMatchObject({ code: 'not_encodable', details: { lines: [3] } });
      expect(parseCsv(withoutBom((await get('format=alipay')).text))[2]).toEqual(['2', '13700000000', '𠮷野', '9.90', `佣金提现 ${wZhao.id}`]);

      // WeChat Pay 商家转账到零钱: the fields of its published batch API, by their names (发起商家转账,
      // https://pay.weixin.qq.com/doc/v3/merchant/4012064660 and the API reference): the batch (total and count
      // match the details), a blank line, then the transfer details; 商家明细单号 letters and digits, ≤ 32
      const wx = await get('format=wechat&appid=wx8888888888888888&batch=TT2026030100001');
      const label = `佣金提现${new Date(ctx.clock.ms).toISOString().slice(0, 10).replace(/-/g, '')}`;
      expect(startsWithBom(wx.bytes)).toBe(true);
      const wxRows = parseCsv(withoutBom(wx.text));
      expect(wxRows.slice(0, 7)).toEqual([
        ['商家批次单号', 'TT2026030100001'],
        ['批次名称', label],
        ['appid', 'wx8888888888888888'],
        ['转账总金额（元）', '49.50'],
        ['转账总笔数', '1'],
        ['批次备注', label],
        [''],
      ]);
      expect(label.length).toBeLessThanOrEqual(32); // batch_name and batch_remark: at most 32 characters
      expect(wxRows[7]).toEqual(['商家明细单号', '收款用户openid', '收款用户姓名', '收款用户身份证', '转账金额（元）', '转账备注']);
      expect(wxRows.slice(8)).toEqual([[wLi.id.replace('_', ''), 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', '李娜', '', '49.50', '佣金提现']]);
      expect(wxRows[8]![0]).toMatch(/^[A-Za-z0-9]{5,32}$/); // 商家明细单号: letters and digits only

      // the bank sheet (each bank has its own template; these are the columns they ask for): 收款方名称 / 收款方账号 /
      // 开户行 / 联行号 / 金额 / 附言 — the card number whole, as text
      const bank = await get('format=bank&currency=CNY');
      expect(startsWithBom(bank.bytes)).toBe(true);
      const bankRows = parseCsv(withoutBom(bank.text));
      expect(bankRows[0]).toEqual(['收款方名称', '收款方账号', '收款方开户行名称', '收款行联行号', '金额', '附言/用途']);
      expect(bankRows.slice(1)).toEqual([['王芳', '6222020200001234567', '中国工商银行杭州西湖支行', '102331000123', '76.99', `佣金提现 ${wWang.id}`]]);
      // the bank sheet pays one currency: asked without one while CNY and USD both wait, it says so
      const mixed = await get('format=paypal');
      expect(mixed.status).toBe(422);
      expect(mixed.body.error).toMatchObject({ code: 'several_currencies', details: { currencies: ['CNY', 'USD'] } });

      // PayPal Payouts Web, as PayPal documents its payment file (https://developer.paypal.com/docs/payouts/standard/payouts-web):
      // no header, no BOM; recipient identifier, payment amount, currency, customer ID (≤ 30, no spaces), note to recipient, wallet
      const pp = await get('format=paypal&currency=USD');
      expect(startsWithBom(pp.bytes)).toBe(false);
      const ppRows = parseCsv(pp.text);
      expect(ppRows).toEqual([['jane.doe@example.com', '42.78', 'USD', wJaneUsd.id, `Commission payout ${jane.code}`, 'PAYPAL']]);
      expect(ppRows[0]![3]!.length).toBeLessThanOrEqual(30);

      // without a format the export is the generic file it always was
      const plain = await get('');
      expect(startsWithBom(plain.bytes)).toBe(false);
      const plainRows = parseCsv(plain.text);
      expect(plainRows[0]).toEqual(['withdrawal_id', 'distributor_id', 'code', 'name', 'email', 'external_id', 'currency', 'amount_minor', 'net_minor', 'net', 'status', 'requested_at']);
      expect(plainRows).toHaveLength(6);

      // the dashboard's export is the same file
      const dash = await call('GET', '/v1/admin/reports/payouts.csv?status=approved&format=alipay', undefined, sk(shop));
      expect(dash.text).toBe((await get('format=alipay')).text);
    });

    test('key rotation: accounts re-encrypted under the new key, readable with it alone', async () => {
      const { shop, ds } = await shopWithEarnings(['孙七']);
      const acc = await call('POST', `/v1/distributors/${ds[0].id}/payout-accounts`, { kind: 'alipay', account: '13900001111', realName: '孙七' }, sk(shop));
      const w = await call('POST', '/v1/withdrawals', { distributorId: ds[0].id, amount: 500, payoutAccountId: acc.body.id }, sk(shop));
      await call('POST', `/v1/withdrawals/${w.body.id}/approve`, undefined, sk(shop));

      const newKey = randomBytes(32).toString('hex');
      const rotating = createPayoutKeyring(newKey, oldKey)!;
      const result = await rotatePayoutKeys(ctx.db, rotating);
      expect(result.unreadable).toEqual([]);
      expect(result.rotated).toBeGreaterThanOrEqual(1);
      expect(await rotatePayoutKeys(ctx.db, rotating)).toMatchObject({ rotated: 0, unreadable: [] });
      const row = await ctx.db.kysely.selectFrom('payout_accounts').selectAll().where('shop_id', '=', shop.id).where('id', '=', acc.body.id).executeTakeFirstOrThrow();
      expect(row.key_id).toBe(rotating.current.id);

      const onlyNew = makeApp(ctx.db, ctx.clock, { payoutKeys: createPayoutKeyring(newKey) });
      try {
        const res = await onlyNew.request(`/v1/withdrawals.csv?status=approved&format=alipay`, { headers: sk(shop) });
        const rows = parseCsv(withoutBom(await res.text()));
        expect(rows.slice(1)).toEqual([['1', '13900001111', '孙七', '5.00', `佣金提现 ${w.body.id}`]]);
      } finally {
        await onlyNew.close();
      }
      // a key that is neither current nor kept: the account is reported, not lost
      const stranger = createPayoutKeyring(randomBytes(32).toString('hex'))!;
      const lost = await rotatePayoutKeys(ctx.db, stranger);
      expect(lost.rotated).toBe(0);
      expect(lost.unreadable.map((u) => u.id)).toContain(acc.body.id);

      // the command an operator runs: `twotier payout-keys rotate`, with the keys in the environment
      const newest = randomBytes(32).toString('base64');
      const cli = (env: Record<string, string>) =>
        run(process.execPath, [TWOTIER_BIN, 'payout-keys', 'rotate', ...(ctx.factory.name === 'postgres' ? [] : ['--db', ctx.factory.url])], {
          env: { ...process.env, DATABASE_URL: ctx.factory.name === 'postgres' ? ctx.factory.url : '', ...env },
        }).then(
          (r) => ({ code: 0, stdout: r.stdout }),
          (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
        );
      const rotated = await cli({ TWOTIER_PAYOUT_KEY: newest, TWOTIER_PAYOUT_KEYS_OLD: newKey });
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toMatch(new RegExp(`re-encrypted with key ${createPayoutKeyring(newest)!.current.id}: [1-9]\\d*; already under it: 0; unreadable: 0`));
      const missing = await cli({ TWOTIER_PAYOUT_KEY: randomBytes(32).toString('hex') });
      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain(`${shop.id} ${acc.body.id}: key ${createPayoutKeyring(newest)!.current.id} is not in TWOTIER_PAYOUT_KEY or TWOTIER_PAYOUT_KEYS_OLD`);
      expect((await cli({})).code).toBe(2);
    }, 60_000);
  });
}
