import { z } from 'zod';
import { pageOf, timestampSchema } from './api-common';
import { commissionSchema } from './api-order';

/**
 * One of the distributor's own commissions (`GET /v1/me/commissions`): the
 * commission, and what the share panel needs to say why it is what it is.
 */
export const myCommissionSchema = commissionSchema.extend({
  /** Level 2 only: the direct recruit whose sale it was (`null` when the order is no longer attributed). */
  recruit: z.object({ id: z.string(), displayName: z.string() }).nullable().optional(),
  /** Only when something was taken back: each refund (the shop's refund id) and what it took from this commission, oldest first. */
  refunds: z.array(z.object({ id: z.string(), amount: z.number(), at: timestampSchema })).optional(),
});

export const myCommissionPageSchema = pageOf(myCommissionSchema);

export type MyCommission = z.infer<typeof myCommissionSchema>;
export type MyCommissionPage = z.infer<typeof myCommissionPageSchema>;
