import type {
  Balance,
  Distributor,
  DistributorCreate,
  DistributorListQuery,
  DistributorPage,
  DistributorPatch,
  PayoutAccount,
  PayoutAccountCreate,
  PayoutAccountList,
} from '@twotier/core/schema';
import type { Call } from './http';

/** Distributors of the shop (secret key). */
export interface DistributorsApi {
  /** Creates a distributor; without `code` the server generates one. Not retried (not keyed by a shop id). */
  create(input: DistributorCreate): Promise<Distributor>;
  /** One page of distributors; pass `nextCursor` back as `cursor` for the next. */
  list(query?: DistributorListQuery): Promise<DistributorPage>;
  /** Every distributor matching `query`, page by page. */
  listAll(query?: Omit<DistributorListQuery, 'cursor'>): AsyncGenerator<Distributor>;
  get(id: string): Promise<Distributor>;
  /** Changes status, grade, parent, name or email. A move that would form a cycle fails with 422. */
  update(id: string, patch: DistributorPatch): Promise<Distributor>;
  /** Pending, available, in-withdrawal and paid sums of the distributor's ledger. */
  balance(id: string): Promise<Balance>;
  /** A distributor's payout accounts (Alipay, WeChat Pay, bank, PayPal): stored encrypted, always answered masked. */
  payoutAccounts: {
    /** Adds one, validated by kind (422 otherwise; 503 when the server has no payout key). */
    create(distributorId: string, input: PayoutAccountCreate): Promise<PayoutAccount>;
    list(distributorId: string): Promise<PayoutAccountList>;
    /** Withdrawals that named it can still be paid. */
    delete(distributorId: string, accountId: string): Promise<void>;
  };
}

/** @internal */
export const createDistributorsApi = (call: Call): DistributorsApi => {
  const path = (id: string) => `/v1/distributors/${encodeURIComponent(id)}`;
  const list = (query?: DistributorListQuery) =>
    call<DistributorPage>({ method: 'get', path: '/v1/distributors', query: query as Record<string, string>, retry: 'safe', auth: 'secret' });
  return {
    create: (input) => call({ method: 'post', path: '/v1/distributors', json: input, retry: 'never', auth: 'secret' }),
    list,
    async *listAll(query) {
      let cursor: string | null | undefined;
      do {
        const page: DistributorPage = await list({ ...query, ...(cursor ? { cursor } : {}) });
        yield* page.data;
        cursor = page.nextCursor;
      } while (cursor);
    },
    get: (id) => call({ method: 'get', path: path(id), retry: 'safe', auth: 'secret' }),
    update: (id, patch) => call({ method: 'patch', path: path(id), json: patch, retry: 'never', auth: 'secret' }),
    balance: (id) => call({ method: 'get', path: `${path(id)}/balance`, retry: 'safe', auth: 'secret' }),
    payoutAccounts: {
      create: (id, input) => call({ method: 'post', path: `${path(id)}/payout-accounts`, json: input, retry: 'never', auth: 'secret' }),
      list: (id) => call({ method: 'get', path: `${path(id)}/payout-accounts`, retry: 'safe', auth: 'secret' }),
      delete: (id, accountId) => call({ method: 'delete', path: `${path(id)}/payout-accounts/${encodeURIComponent(accountId)}`, retry: 'never', auth: 'secret' }),
    },
  };
};
