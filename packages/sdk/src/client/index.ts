export { createTwotierClient } from './create-client';
export type { TwotierClient, TwotierClientOptions } from './create-client';
export type { TwotierRetryOptions } from './http';
export type { OrdersApi } from './orders';
export type { DistributorsApi } from './distributors';
export type { WithdrawalsApi, PayoutFileOptions } from './withdrawals';
export type { ProgramApi, ShopApis } from './shop';
export type { BrowserApis, MeApi } from './browser';
