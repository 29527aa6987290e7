import { minorUnitsToDecimal, type PayoutDetails } from '@twotier/core';
import type { PayoutFormat } from '@twotier/core/schema';
import type { Executor } from '../db';
import iconv from 'iconv-lite';
import { invalid } from '../domain/errors';
import { toCsv } from '../util/csv';
import { revealPayoutAccount, payoutKeyMissing } from './payout-accounts';
import type { PayoutKeyring } from './keyring';
import type { PayoutAccountTable } from './schema';

/** The mass-pay files (Alipay 批量转账, WeChat Pay 商家转账到零钱, a bank transfer sheet, PayPal Payouts) are core's list, which the routes' query schemas take. */
export { PAYOUT_FORMATS, type PayoutFormat } from '@twotier/core/schema';

/** The UTF-8 byte order mark: without it Excel reads UTF-8 CSV as the system code page, and Chinese comes out garbled. */
export const UTF8_BOM = '\uFEFF';

/** What to export. */
export interface PayoutFileOptions {
  format: PayoutFormat;
  status: string;
  /** Only this currency (needed for bank and PayPal files when withdrawals are in several). */
  currency?: string | undefined;
  distributorId?: string | undefined;
  /** WeChat: the AppID the openids belong to (转账appid), written in the batch header. */
  wechatAppId?: string | undefined;
  /** WeChat: 商家批次单号 (letters and digits, 5–32); made from the time when not given. */
  batchNo?: string | undefined;
  /**
   * `utf-8` (default; with a BOM for the Chinese templates, so Excel reads
   * them right) or `gbk`, for an uploader that reads CSV in the Chinese
   * Windows code page (no BOM). PayPal files are always UTF-8.
   */
  encoding?: 'utf-8' | 'gbk' | undefined;
  now: number;
}

/** A withdrawal left out of the file, and why. */
export interface SkippedPayout {
  withdrawalId: string;
  reason: 'no_payout_account' | 'account_of_other_kind' | 'currency_not_supported';
}

/** A mass-pay file, ready to send. */
export interface PayoutFile {
  /** Text (UTF-8), or the bytes of a GBK file. */
  body: string | Uint8Array<ArrayBuffer>;
  filename: string;
  contentType: string;
  rows: number;
  /** Sum of the rows' net amounts, minor units of `currency`. */
  total: number;
  currency: string | null;
  skipped: SkippedPayout[];
}

/**
 * Rows one file may hold: PayPal Payouts Web takes up to 5,000 payments per
 * file; a WeChat Pay 商家转账 batch up to 1,000 transfers (both as their
 * documentation says). More is 422 `too_many_rows`: export by distributor.
 */
export const MAX_ROWS: Partial<Record<PayoutFormat, number>> = { paypal: 5_000, wechat: 1_000 };

/** 422 when a file would hold more rows than its service takes in one upload. */
export function checkRowLimit(format: PayoutFormat, rows: number): void {
  const limit = MAX_ROWS[format];
  if (limit !== undefined && rows > limit) {
    throw invalid('too_many_rows', `a ${format} file takes at most ${limit} payments and these are ${rows}: export them in parts (&distributorId=, or approve fewer at a time)`, { limit, rows });
  }
}

/** PayPal's customer ID: at most 30 characters, no spaces; left empty (it is optional) when the id does not fit. */
export const paypalCustomerId = (id: string): string => (id.length <= 30 && !/\s/.test(id) ? id : '');

/** Alipay and WeChat Pay's batch transfers pay renminbi only. */
const CNY_ONLY: Partial<Record<PayoutFormat, true>> = { alipay: true, wechat: true };

interface Row {
  id: string;
  distributor_id: string;
  code: string;
  net: number;
  currency: string;
  payout_account_id: string | null;
}

/**
 * Withdrawals of a status as the bulk-payment file of a payment service,
 * column for column as its template defines them, each paid to the payout
 * account the withdrawal named (or, when it named none, the distributor's
 * latest account of the file's kind). A withdrawal without an account of
 * that kind, or in a currency the service cannot pay, is left out and
 * listed in `skipped`. Amounts are net, in major units, made from minor
 * units without floating point (core's `minorUnitsToDecimal`).
 *
 * Which of these follow a published template, and which could not be
 * checked against one, is in docs/ledger.md ("Mass-pay files"):
 * - `paypal`: PayPal Payouts Web's payment file, as PayPal documents it
 *   (developer.paypal.com/docs/payouts/standard/payouts-web): no header; recipient
 *   identifier (email), payment amount, currency, customer ID (≤ 30, no spaces),
 *   note to recipient (≤ 400), recipient wallet `PAYPAL`; one currency and at most
 *   {@link MAX_ROWS}.paypal rows per file. Plain UTF-8 (ASCII), no BOM.
 * - `wechat`: WeChat Pay's 商家转账到零钱 batch with the fields, names and limits of its
 *   published API (发起商家转账, pay.weixin.qq.com): the batch (商家批次单号, 批次名称,
 *   appid, 转账总金额, 转账总笔数, 批次备注), then per transfer 商家明细单号, 收款用户openid,
 *   收款用户姓名, 收款用户身份证, 转账金额, 转账备注; at most {@link MAX_ROWS}.wechat per
 *   batch. WeChat's upload spreadsheet itself is not published: amounts here are in 元.
 *   UTF-8 with BOM.
 * - `alipay`: no published template of Alipay's batch transfer was found: the columns are what a
 *   transfer to an Alipay account needs (序号, 收款方支付宝账号, 收款方姓名, 金额（元）, 备注),
 *   to copy into the template Alipay's merchant site gives. UTF-8 with BOM.
 * - `bank`: each bank has its own batch-transfer template: this sheet holds the columns they ask
 *   for (收款方名称, 收款方账号, 收款方开户行名称, 收款行联行号, 金额, 附言/用途), to copy into
 *   the bank's. One currency. UTF-8 with BOM.
 */
export async function buildPayoutFile(db: Executor, keyring: PayoutKeyring | null, shopId: string, o: PayoutFileOptions): Promise<PayoutFile> {
  let q = db
    .selectFrom('withdrawals as w')
    .innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 'w.shop_id').onRef('d.id', '=', 'w.distributor_id'))
    .select(['w.id', 'w.distributor_id', 'd.code', 'w.net', 'w.currency', 'w.payout_account_id'])
    .where('w.shop_id', '=', shopId)
    .where('w.status', '=', o.status as 'approved');
  if (o.distributorId) q = q.where('w.distributor_id', '=', o.distributorId);
  if (o.currency) q = q.where('w.currency', '=', o.currency);
  const rows = (await q.orderBy('w.created_at').orderBy('w.id').execute()) as Row[];

  const skipped: SkippedPayout[] = [];
  const payable = rows.filter((r) => {
    if (CNY_ONLY[o.format] && r.currency !== 'CNY') skipped.push({ withdrawalId: r.id, reason: 'currency_not_supported' });
    else return true;
    return false;
  });
  const currencies = [...new Set(payable.map((r) => r.currency))];
  if (currencies.length > 1) {
    throw invalid('several_currencies', `these withdrawals are in ${currencies.join(', ')}; a ${o.format} file pays one currency: add &currency=`, { currencies });
  }

  const accounts = await accountsFor(db, shopId, payable, o.format);
  const lines: { row: Row; account: PayoutDetails }[] = [];
  for (const r of payable) {
    const acc = r.payout_account_id ? accounts.named.get(r.payout_account_id) : accounts.latest.get(r.distributor_id);
    if (!acc) skipped.push({ withdrawalId: r.id, reason: r.payout_account_id ? 'account_of_other_kind' : 'no_payout_account' });
    else {
      if (!keyring) throw payoutKeyMissing();
      lines.push({ row: r, account: revealPayoutAccount(keyring, acc) });
    }
  }
  checkRowLimit(o.format, lines.length);
  const currency = currencies[0] ?? (CNY_ONLY[o.format] ? 'CNY' : null);
  const total = lines.reduce((s, l) => s + Number(l.row.net), 0);
  const major = (minor: number) => minorUnitsToDecimal(minor, currency ?? 'CNY');
  const date = new Date(o.now).toISOString().slice(0, 10);
  const filename = `payouts-${o.format}-${o.status}-${date}.csv`;
  const base = { filename, rows: lines.length, total, currency, skipped, contentType: 'text/csv; charset=utf-8' };
  // the Chinese templates: UTF-8 with a BOM, or GBK bytes when asked
  const chinese = (text: string): PayoutFile => (o.encoding === 'gbk' ? { ...base, body: toGbk(text), contentType: 'text/csv; charset=gbk' } : { ...base, body: UTF8_BOM + text });

  switch (o.format) {
    case 'alipay':
      return {
        ...base,
        ...chinese(
          toCsv([
            ['序号', '收款方支付宝账号', '收款方姓名', '金额（元）', '备注'],
            ...lines.map((l, i) => {
              const a = l.account as Extract<PayoutDetails, { kind: 'alipay' }>;
              return [i + 1, a.account, a.realName, major(Number(l.row.net)), `佣金提现 ${l.row.id}`];
            }),
          ]),
        ),
      };
    case 'wechat': {
      const batchNo = o.batchNo ?? `TT${new Date(o.now).toISOString().replace(/\D/g, '').slice(0, 14)}${shopId.replace(/[^A-Za-z0-9]/g, '').slice(-6)}`;
      const label = `佣金提现${date.replace(/-/g, '')}`;
      return {
        ...base,
        ...chinese(
          toCsv([
            // the batch: the API's fields by their published names (out_batch_no, batch_name, appid, total_amount, total_num, batch_remark)
            ['商家批次单号', batchNo],
            ['批次名称', label],
            ['appid', o.wechatAppId ?? ''],
            ['转账总金额（元）', major(total)],
            ['转账总笔数', lines.length],
            ['批次备注', label],
            [],
            // then transfer_detail_list: out_detail_no, openid, user_name, user_id_card, transfer_amount, transfer_remark
            ['商家明细单号', '收款用户openid', '收款用户姓名', '收款用户身份证', '转账金额（元）', '转账备注'],
            ...lines.map((l) => {
              const a = l.account as Extract<PayoutDetails, { kind: 'wechat' }>;
              // 商家明细单号 takes letters and digits only
              return [l.row.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 32), a.openid, a.realName, '', major(Number(l.row.net)), '佣金提现'];
            }),
          ]),
        ),
      };
    }
    case 'bank':
      return {
        ...base,
        ...chinese(
          toCsv([
            ['收款方名称', '收款方账号', '收款方开户行名称', '收款行联行号', '金额', '附言/用途'],
            ...lines.map((l) => {
              const a = l.account as Extract<PayoutDetails, { kind: 'bank' }>;
              return [a.holderName, a.accountNumber, bankWithBranch(a.bankName, a.bankBranch), a.bankCode ?? '', major(Number(l.row.net)), `佣金提现 ${l.row.id}`];
            }),
          ]),
        ),
      };
    case 'paypal':
      return {
        ...base,
        body: toCsv(
          lines.map((l) => {
            const a = l.account as Extract<PayoutDetails, { kind: 'paypal' }>;
            return [a.email, major(Number(l.row.net)), l.row.currency, paypalCustomerId(l.row.id), `Commission payout ${l.row.code}`.slice(0, 400), 'PAYPAL'];
          }),
        ),
      };
  }
}

/**
 * The response headers of a payout file: CSV, a download name, and what
 * was left out (`Twotier-Skipped`: a count; `Twotier-Skipped-Withdrawals`:
 * `id:reason` pairs, at most 100).
 */
export function payoutFileHeaders(file: PayoutFile): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'Twotier-Rows': String(file.rows),
    'Twotier-Skipped': String(file.skipped.length),
    ...(file.skipped.length ? { 'Twotier-Skipped-Withdrawals': file.skipped.slice(0, 100).map((s) => `${s.withdrawalId}:${s.reason}`).join(',') } : {}),
  };
}

/**
 * `text` in GBK. A character GBK cannot write (some rare names, emoji) would
 * be replaced by `?` and pay the wrong name: 422 `not_encodable` with the
 * file's line numbers instead.
 */
function toGbk(text: string): Uint8Array<ArrayBuffer> {
  const bytes = iconv.encode(text, 'gbk');
  if (iconv.decode(bytes, 'gbk') !== text) {
    const lines = text.split('\r\n').flatMap((line, i) => (iconv.decode(iconv.encode(line, 'gbk'), 'gbk') === line ? [] : [i + 1]));
    throw invalid('not_encodable', `lines ${lines.join(', ')} have characters GBK cannot write; export in UTF-8 (the default) instead`, { lines });
  }
  return new Uint8Array(bytes);
}

/** The opening bank as Chinese sheets write it (`中国工商银行杭州西湖支行`), or `Bank, Branch`. */
function bankWithBranch(bank: string, branch: string | undefined): string {
  if (!branch) return bank;
  if (branch.startsWith(bank)) return branch;
  return /\p{Script=Han}/u.test(bank) ? bank + branch : `${bank}, ${branch}`;
}

/** The accounts withdrawals named (when of the file's kind), and each other distributor's latest account of that kind. */
async function accountsFor(db: Executor, shopId: string, rows: Row[], kind: PayoutFormat) {
  const named = new Map<string, PayoutAccountTable>();
  const latest = new Map<string, PayoutAccountTable>();
  const ids = [...new Set(rows.map((r) => r.payout_account_id).filter((x): x is string => !!x))];
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db.selectFrom('payout_accounts').selectAll().where('shop_id', '=', shopId).where('id', 'in', ids.slice(i, i + 500)).where('kind', '=', kind).execute();
    for (const a of found) named.set(a.id, a);
  }
  const owners = [...new Set(rows.filter((r) => !r.payout_account_id).map((r) => r.distributor_id))];
  for (let i = 0; i < owners.length; i += 500) {
    const found = await db
      .selectFrom('payout_accounts')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('distributor_id', 'in', owners.slice(i, i + 500))
      .where('kind', '=', kind)
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const a of found) latest.set(a.distributor_id, a); // ascending: the last one set is the latest
  }
  return { named, latest };
}
