import { HttpError, readForm, redirect } from './http-utils.mjs';
import { parseYuan } from './money.mjs';
import { RefundError, buildRefund } from './refund-payload.mjs';
import { adminOrderPage, adminOrdersPage } from './pages/admin-pages.mjs';

/** @typedef {import('./context.mjs').ShopContext} ShopContext @typedef {import('node:http').IncomingMessage} Req @typedef {import('node:http').ServerResponse} Res */

/**
 * Reads the refund form into a request for {@link buildRefund}.
 * @param {Record<string, string>} form
 * @returns {import('./refund-payload.mjs').RefundRequest}
 */
export function readRefundForm(form) {
  if (form.kind === 'full') return { kind: 'full' };
  if (form.kind === 'amount') {
    const amount = parseYuan(form.amount ?? '');
    if (amount === null) throw new RefundError('Enter an amount in yuan, e.g. 20 or 19.90.');
    return { kind: 'amount', amount };
  }
  if (form.kind === 'items') {
    const items = Object.entries(form)
      .filter(([k]) => k.startsWith('qty:'))
      .map(([k, v]) => ({ sku: k.slice(4), quantity: /^\d{1,4}$/.test(v.trim()) ? Number(v) : NaN }));
    if (items.some((i) => Number.isNaN(i.quantity))) throw new RefundError('Quantities are whole numbers.');
    return { kind: 'items', items };
  }
  throw new RefundError('Unknown kind of refund.');
}

/**
 * The shop admin's orders and refunds. Only users with `admin` get in.
 * @param {ShopContext} ctx
 * @returns {(req: Req, res: Res, url: URL) => Promise<boolean>}
 */
export function adminRoutes(ctx) {
  return async (req, res, url) => {
    const path = url.pathname;
    if (!path.startsWith('/admin')) return false;
    const user = ctx.userOf(req);
    if (!user) {
      redirect(res, `/login?next=${encodeURIComponent(path)}`);
      return true;
    }
    if (!user.admin) throw new HttpError(403, 'Only the shop’s staff can see this page.');
    if (path === '/admin' && req.method === 'GET') {
      await ctx.page(req, res, { title: 'Orders', body: adminOrdersPage(ctx.orders.list()), active: 'admin' });
      return true;
    }
    const m = /^\/admin\/orders\/([A-Z0-9-]+)(?:\/(refund|resend))?$/.exec(path);
    const order = m ? ctx.orders.get(m[1] ?? '') : null;
    if (!m || !order) return false;
    const action = m[2];
    if (!action && req.method === 'GET') {
      const notice = url.searchParams.get('refunded') ? 'Refund recorded.' : undefined;
      await ctx.page(req, res, { title: `Order ${order.id}`, body: adminOrderPage(order, { notice }), active: 'admin' });
      return true;
    }
    if (req.method !== 'POST') return false;
    const form = await readForm(req);
    if (action === 'resend') {
      if (order.status === 'paid') ctx.orders.recordTwotier(order.id, await ctx.bridge.postOrder(order));
      redirect(res, `/admin/orders/${order.id}`);
      return true;
    }
    try {
      if (order.status !== 'paid') throw new RefundError('Only paid orders can be refunded.');
      const refund = buildRefund(order, readRefundForm(form));
      const refundId = refund.payload.id;
      ctx.orders.addRefund(order.id, { id: refundId, amount: refund.amount, ...(refund.items ? { items: refund.items } : {}), createdAt: new Date().toISOString() });
      ctx.orders.recordRefundTwotier(order.id, refundId, await ctx.bridge.postRefund(order.id, refund.payload));
      redirect(res, `/admin/orders/${order.id}?refunded=${encodeURIComponent(refundId)}`);
    } catch (error) {
      if (!(error instanceof RefundError)) throw error;
      await ctx.page(req, res, { title: `Order ${order.id}`, body: adminOrderPage(order, { error: error.message }), active: 'admin', status: 422 });
    }
    return true;
  };
}
