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
];
