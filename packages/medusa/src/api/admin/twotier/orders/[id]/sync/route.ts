import type { MedusaRequest, MedusaResponse } from '@medusajs/framework/http';
import { syncOrder } from '../../../../../../sync/sync-order';

/**
 * `POST /admin/twotier/orders/:id/sync`: plans the order again from what
 * Medusa holds now and sends what twotier does not have yet — for an order
 * from before the plugin was installed, or after fixing a refused one (a
 * refused row is tried again with what the order gives now). It
 * emits no Medusa event, so nothing else in the shop runs again.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse): Promise<void> {
  res.json(await syncOrder(req.scope, req.params.id!, { retryRefused: true }));
}
