import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import { TWOTIER_MODULE } from '../../../../../constants';
import type TwotierModuleService from '../../../../../modules/twotier/service';

/**
 * `GET /admin/twotier/orders/:id`: what the plugin holds for a Medusa order —
 * each event (order, refunds, cancellation), its status, attempts, the last
 * error in words, and what twotier answered (commissions, reversals).
 */
export async function GET(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  const twotier = req.scope.resolve<TwotierModuleService>(TWOTIER_MODULE);
  const rows = await twotier.listTwotierEvents({ medusa_order_id: req.params.id }, { order: { created_at: 'ASC', position: 'ASC' } });
  res.json({
    events: rows.map((r) => ({
      key: r.key,
      kind: r.kind,
      twotier_id: (r.payload as { id?: string } | null)?.id ?? (r.kind === 'order' ? r.twotier_order_id : null),
      status: r.status,
      attempts: r.attempts,
      last_error: r.last_error,
      next_attempt_at: r.status === 'pending' ? r.next_attempt_at : null,
      sent_at: r.sent_at,
      result: r.result,
    })),
  });
}
