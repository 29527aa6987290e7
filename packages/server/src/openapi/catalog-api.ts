import {
  balanceSchema,
  clickEventSchema,
  commissionListQuerySchema,
  commissionPageSchema,
  myCommissionPageSchema,
  conversionEventSchema,
  couponCreateSchema,
  couponSchema,
  distributorCreateSchema,
  distributorListQuerySchema,
  distributorPageSchema,
  distributorPatchSchema,
  distributorSchema,
  meJoinSchema,
  meRecruitsSchema,
  meResponseSchema,
  meWithdrawalCreateSchema,
  orderCreateSchema,
  orderResultSchema,
  pageQuerySchema,
  programSchema,
  publicDistributorSchema,
  refundCreateSchema,
  refundResultSchema,
  sessionCreateSchema,
  sessionResultSchema,
  settlementResultSchema,
  shopCreateSchema,
  shopCreatedSchema,
  shopSchema,
  statsQuerySchema,
  statsResponseSchema,
  clickAcceptedSchema,
  conversionAcceptedSchema,
  withdrawalCreateSchema,
  withdrawalListQuerySchema,
  withdrawalPageSchema,
  withdrawalPaidSchema,
  withdrawalRejectSchema,
  withdrawalSchema,
} from '@twotier/core/schema';
import { z } from 'zod';
import { op, type RouteDoc } from './route-doc';
import { withdrawalCsvQuerySchema } from '../routes/payout-routes';

const keyQuery = z.object({ key: z.string().describe('publishable key, pk_…') });

/** The operations of API.md, with the schemas their routes validate with. */
export const apiCatalog: RouteDoc[] = [
  op('post', '/v1/coupons', 'Coupons', 'secret', 'A coupon of the shop cart that attributes to a distributor', { body: couponCreateSchema, response: couponSchema, status: 201 }),
  op('get', '/v1/coupons', 'Coupons', 'secret', 'List coupons', { query: pageQuerySchema.extend({ distributorId: z.string().optional() }), response: z.object({ data: z.array(couponSchema), nextCursor: z.string().nullable() }) }),
  op('get', '/v1/stats', 'Stats', 'secret', 'Attributed orders, sales and commissions by day, distributor, product or region (from daily rollups)', { query: statsQuerySchema, response: statsResponseSchema }),
];
