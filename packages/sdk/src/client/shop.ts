import type {
  CommissionListQuery,
  CommissionPage,
  Coupon,
  CouponCreate,
  Program,
  ProgramInput,
  SettlementResult,
  ShopCreate,
  ShopCreated,
  StatsQuery,
  StatsResponse,
  WebhookEndpointCreate,
  WebhookEndpointCreated,
} from '@twotier/core/schema';
import type { Call } from './http';

/** The program: levels, rates, rules, grades, attribution, binding, hold days, cap, minimum withdrawal. */
export interface ProgramApi {
  get(): Promise<Program>;
  /** Replaces the whole program. A program asking for more than two levels is refused with 422. */
  put(program: ProgramInput): Promise<Program>;
}

/** Everything else a shop server reads or configures. */
export interface ShopApis {
  program: ProgramApi;
  commissions: { list(query?: CommissionListQuery): Promise<CommissionPage> };
  settlements: { run(): Promise<SettlementResult> };
  coupons: { create(input: CouponCreate): Promise<Coupon> };
  /** Adds a webhook endpoint; its `secret` (whsec_…, to verify signatures) is answered this once. */
  webhooks: { create(input: WebhookEndpointCreate): Promise<WebhookEndpointCreated> };
  stats: { get(query?: StatsQuery): Promise<StatsResponse> };
  /** Operator only (`operatorToken`): creates a shop; its secret key is shown this once. */
  shops: { create(input: ShopCreate): Promise<ShopCreated> };
}

/** @internal */
export const createShopApis = (call: Call): ShopApis => ({
  program: {
    get: () => call({ method: 'get', path: '/v1/program', retry: 'safe', auth: 'secret' }),
    put: (program) => call({ method: 'put', path: '/v1/program', json: program, retry: 'safe', auth: 'secret' }),
  },
  commissions: {
    list: (query) => call({ method: 'get', path: '/v1/commissions', query: query as Record<string, string>, retry: 'safe', auth: 'secret' }),
  },
  // Settling is idempotent on the server: running it twice moves nothing the second time.
  settlements: { run: () => call({ method: 'post', path: '/v1/settlements', retry: 'safe', auth: 'secret' }) },
  coupons: { create: (input) => call({ method: 'post', path: '/v1/coupons', json: input, retry: 'never', auth: 'secret' }) },
  webhooks: {
    create: (input) => call({ method: 'post', path: '/v1/webhook-endpoints', json: input, retry: 'never', auth: 'secret' }),
  },
  stats: { get: (query) => call({ method: 'get', path: '/v1/stats', query: query as Record<string, string>, retry: 'safe', auth: 'secret' }) },
  shops: { create: (input) => call({ method: 'post', path: '/v1/shops', json: input, retry: 'never', auth: 'operator' }) },
});
