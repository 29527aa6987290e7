import { currencySchema, withdrawalListQuerySchema } from '@twotier/core/schema';
import { z } from 'zod';
import { PAYOUT_FORMATS } from '../payouts/payout-files';

/**
 * `GET /v1/withdrawals.csv?status=&distributorId=&format=&currency=&appid=&batch=`.
 * Without `format` the file is the generic export it always was; with one,
 * the payment service's bulk template (payouts/payout-files.ts).
 */
export const withdrawalCsvQuerySchema = withdrawalListQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(PAYOUT_FORMATS).optional(),
  currency: currencySchema.optional(),
  appid: z.string().regex(/^wx[0-9a-fA-F]{16}$/, 'a WeChat AppID is "wx" and 16 hex digits').optional(),
  batch: z.string().regex(/^[A-Za-z0-9]{5,32}$/, 'a WeChat batch number (商家批次单号) is 5–32 letters or digits').optional(),
  encoding: z.enum(['utf-8', 'gbk']).optional(),
});
