import type {
  ClickAccepted,
  ClickEvent,
  ConversionAccepted,
  ConversionEvent,
  MeEmailSettings,
  MeJoin,
  MePatch,
  MeRecruits,
  MeResponse,
  MeWithdrawalCreate,
  MyCommissionPage,
  PageQuery,
  PublicDistributor,
  SessionCreate,
  SessionResult,
  PayoutAccount,
  PayoutAccountCreate,
  PayoutAccountList,
  Withdrawal,
  WithdrawalPage,
  WithdrawalQuote,
} from '@twotier/core/schema';
import type { Call } from './http';

type WithoutKey<T> = Omit<T, 'key'>;

/** Publishable-key calls a page may make. */
export interface BrowserApis {
  track: {
    /** Records a touch. A repeated `eventId` is a no-op on the server, so this is retried. */
    click(event: WithoutKey<ClickEvent>): Promise<ClickAccepted>;
    /** Reports an unverified browser conversion (deduplicated by `eventId`). */
    conversion(event: WithoutKey<ConversionEvent>): Promise<ConversionAccepted>;
  };
  /** What a page may show about a referral code ("invited by …"). */
  publicDistributor(code: string): Promise<PublicDistributor>;
  sessions: {
    /** Exchanges the shop's identity token for a distributor session (use it with `withSession`). */
    create(identityToken: string, visitorId?: string): Promise<SessionResult>;
  };
}

/** The distributor's own view (session from `sessions.create`). */
export interface MeApi {
  get(): Promise<MeResponse>;
  /** Becomes a distributor. Never costs anything; `acceptTerms` must be `true`. */
  join(input: MeJoin): Promise<MeResponse>;
  /** My commissions, each with the recruit whose sale it was (level 2) and what refunds took back. */
  commissions(query?: Partial<PageQuery>): Promise<MyCommissionPage>;
  recruits(): Promise<MeRecruits>;
  /**
   * Asks for a payout of `amount` minor units (at least the shop's minimum,
   * at most what is available), in `currency` (the shop's default unless
   * given), to `payoutAccountId` (one of my payout accounts).
   */
  withdraw(amount: number, options?: Omit<MeWithdrawalCreate, 'amount'>): Promise<Withdrawal>;
  /** What a withdrawal of `amount` would be (fee, net, whether allowed): show it before asking to confirm. */
  withdrawalQuote(amount: number, currency?: string): Promise<WithdrawalQuote>;
  /** My payout accounts, masked. */
  payoutAccounts(): Promise<PayoutAccountList>;
  /** Adds a payout account, validated by kind; answered masked. */
  addPayoutAccount(input: PayoutAccountCreate): Promise<PayoutAccount>;
  deletePayoutAccount(accountId: string): Promise<void>;
  /** The language of my emails, and whether I get them. */
  update(patch: MePatch): Promise<MeEmailSettings>;
  /** My withdrawals, newest first. */
  withdrawals(query?: Partial<PageQuery>): Promise<WithdrawalPage>;
}

const need = (key: string | undefined): string => {
  if (!key) throw new TypeError('this call needs the publishable key: createTwotierClient({ publishableKey: "pk_…" })');
  return key;
};

/** @internal */
export const createBrowserApis = (call: Call, publishableKey: string | undefined): BrowserApis => ({
  track: {
    click: async (event) =>
      call({ method: 'post', path: '/v1/track/click', json: { key: need(publishableKey), ...event } satisfies ClickEvent, retry: 'safe', auth: 'none' }),
    conversion: async (event) =>
      call({ method: 'post', path: '/v1/track/conversion', json: { key: need(publishableKey), ...event } satisfies ConversionEvent, retry: 'safe', auth: 'none' }),
  },
  publicDistributor: async (code) =>
    call({ method: 'get', path: `/v1/public/distributors/${encodeURIComponent(code)}`, query: { key: need(publishableKey) }, retry: 'safe', auth: 'none' }),
  sessions: {
    create: async (identityToken, visitorId) =>
      call({
        method: 'post',
        path: '/v1/sessions',
        json: { key: need(publishableKey), identityToken, ...(visitorId ? { visitorId } : {}) } satisfies SessionCreate,
        retry: 'never',
        auth: 'none',
      }),
  },
});

/** @internal */
export const createMeApi = (call: Call): MeApi => ({
  get: () => call({ method: 'get', path: '/v1/me', retry: 'safe', auth: 'session' }),
  join: (input) => call({ method: 'post', path: '/v1/me/join', json: input, retry: 'never', auth: 'session' }),
  commissions: (query) => call({ method: 'get', path: '/v1/me/commissions', query: query as Record<string, string>, retry: 'safe', auth: 'session' }),
  recruits: () => call({ method: 'get', path: '/v1/me/recruits', retry: 'safe', auth: 'session' }),
  withdraw: (amount, options) => call({ method: 'post', path: '/v1/me/withdrawals', json: { amount, ...options } satisfies MeWithdrawalCreate, retry: 'never', auth: 'session' }),
  withdrawalQuote: (amount, currency) =>
    call({ method: 'get', path: '/v1/me/withdrawals/quote', query: { amount: String(amount), ...(currency ? { currency } : {}) }, retry: 'safe', auth: 'session' }),
  payoutAccounts: () => call({ method: 'get', path: '/v1/me/payout-accounts', retry: 'safe', auth: 'session' }),
  addPayoutAccount: (input) => call({ method: 'post', path: '/v1/me/payout-accounts', json: input, retry: 'never', auth: 'session' }),
  deletePayoutAccount: (accountId) => call({ method: 'delete', path: `/v1/me/payout-accounts/${encodeURIComponent(accountId)}`, retry: 'never', auth: 'session' }),
  update: (patch) => call({ method: 'patch', path: '/v1/me', json: patch, retry: 'never', auth: 'session' }),
  withdrawals: (query) => call({ method: 'get', path: '/v1/me/withdrawals', query: query as Record<string, string>, retry: 'safe', auth: 'session' }),
});
