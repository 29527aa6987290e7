import type { Executor } from '../db';
import { formatMinor, minorDigits, toCsv } from '../util/csv';

/** The mass-pay files the dashboard exports. */
export const PAYOUT_FORMATS = ['bank', 'alipay', 'wechat', 'paypal'] as const;
export type PayoutFormat = (typeof PAYOUT_FORMATS)[number];

/**
 * Withdrawals of a status as a mass-pay CSV for a bank, Alipay, WeChat Pay
 * or PayPal. Payee accounts are the distributor's email (Alipay, PayPal) or
 * the shop's external id (bank account, WeChat openid); amounts are decimal
 * strings made from minor units without floating point.
 */
export async function payoutCsv(db: Executor, shopId: string, status: string, format: PayoutFormat): Promise<string> {
  const rows = await db
    .selectFrom('withdrawals as w')
    .innerJoin('distributors as d', (j) => j.onRef('d.shop_id', '=', 'w.shop_id').onRef('d.id', '=', 'w.distributor_id'))
    .select(['w.id', 'w.net', 'w.currency', 'd.code', 'd.name', 'd.email', 'd.external_id'])
    .where('w.shop_id', '=', shopId)
    .where('w.status', '=', status as 'approved')
    .orderBy('w.created_at')
    .orderBy('w.id')
    .execute();
  const amount = (r: (typeof rows)[number]) => formatMinor(Number(r.net), minorDigits(r.currency));
  switch (format) {
    case 'alipay':
      return toCsv([['序号', '收款方支付宝账号', '收款方姓名', '金额', '备注'], ...rows.map((r, i) => [i + 1, r.email, r.name, amount(r), `佣金提现 ${r.id}`])]);
    case 'wechat':
      return toCsv([['商家明细单号', '收款用户openid', '收款用户姓名', '转账金额', '转账备注'], ...rows.map((r) => [r.id, r.external_id, r.name, amount(r), `佣金提现 ${r.code}`])]);
    case 'paypal':
      return toCsv(rows.map((r) => [r.email, amount(r), r.currency, r.id, `Commission payout ${r.code}`]));
    case 'bank':
      return toCsv([['reference', 'payee_name', 'payee_account', 'amount', 'currency', 'memo'], ...rows.map((r) => [r.id, r.name, r.external_id, amount(r), r.currency, `Commission ${r.code}`])]);
  }
}
