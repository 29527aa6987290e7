import type {
  PayoutFormat,
  Withdrawal,
  WithdrawalCreate,
  WithdrawalCsvQuery,
  WithdrawalListQuery,
  WithdrawalPage,
  WithdrawalPaid,
  WithdrawalReject,
} from '@twotier/core/schema';
import type { Call } from './http';

/** Withdrawals and payouts (secret key). State changes are never retried: a lost answer is re-read with `list`. */
export interface WithdrawalsApi {
  /** Requests a withdrawal for a distributor: at most their available balance, at least the shop's minimum. */
  create(input: WithdrawalCreate): Promise<Withdrawal>;
  list(query?: WithdrawalListQuery): Promise<WithdrawalPage>;
  approve(id: string): Promise<Withdrawal>;
  reject(id: string, reason: string): Promise<Withdrawal>;
  /** Marks a withdrawal paid with the external payment reference (bank, Alipay, WeChat Pay, PayPal). */
  markPaid(id: string, reference: string): Promise<Withdrawal>;
  /** The mass-pay CSV export, e.g. of approved withdrawals. */
  exportCsv(status?: WithdrawalListQuery['status']): Promise<string>;
  /**
   * A payment service's bulk-payment file of the withdrawals (`approved`
   * unless `status` says otherwise), as bytes to save as they are: the UTF-8
   * BOM Excel needs, or GBK, survive.
   *
   * @example
   * writeFileSync('alipay.csv', await client.withdrawals.exportFile({ format: 'alipay' }));
   */
  exportFile(options: PayoutFileOptions): Promise<Uint8Array>;
}

/**
 * Options of {@link WithdrawalsApi.exportFile}: the query of
 * `GET /v1/withdrawals.csv` (core's `withdrawalCsvQuerySchema`: `status`,
 * `distributorId`, `currency`, WeChat's `appid` and `batch`, `encoding`),
 * with a `format`, which makes the file a payment service's bulk template.
 */
export type PayoutFileOptions = Omit<WithdrawalCsvQuery, 'format'> & { format: PayoutFormat };

/** @internal */
export const createWithdrawalsApi = (call: Call): WithdrawalsApi => {
  const action = (id: string, name: string, json?: unknown) =>
    call<Withdrawal>({ method: 'post', path: `/v1/withdrawals/${encodeURIComponent(id)}/${name}`, json, retry: 'never', auth: 'secret' });
  return {
    create: (input) => call({ method: 'post', path: '/v1/withdrawals', json: input, retry: 'never', auth: 'secret' }),
    list: (query) => call({ method: 'get', path: '/v1/withdrawals', query: query as Record<string, string>, retry: 'safe', auth: 'secret' }),
    approve: (id) => action(id, 'approve'),
    reject: (id, reason) => action(id, 'reject', { reason } satisfies WithdrawalReject),
    markPaid: (id, reference) => action(id, 'paid', { reference } satisfies WithdrawalPaid),
    exportCsv: (status) =>
      call({ method: 'get', path: '/v1/withdrawals.csv', query: { status }, retry: 'safe', auth: 'secret', text: true }),
    exportFile: ({ status = 'approved', ...rest }) =>
      call({ method: 'get', path: '/v1/withdrawals.csv', query: { status, ...rest }, retry: 'safe', auth: 'secret', bytes: true }),
  };
};
