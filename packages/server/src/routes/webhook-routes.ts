import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import type { WebhookDeliveryTable, WebhookEndpointTable } from '../db/extension-schema';
import { secretAuth } from '../http/auth';
import { invalid, notFound } from '../http/errors';
import { openApiRoutes, route } from '../openapi/declare';
import { newId, randomToken } from '../util/ids';
import { iso } from '../util/time';
import { refusalWords, urlRefusal } from '../webhooks/address-policy';
import { webhookDeliverySchema, webhookDeliveryStatusSchema, webhookEndpointCreatedSchema, webhookEndpointSchema } from '@twotier/core/schema';
import { type WebhookEventName, webhookEndpointInputSchema } from '../webhooks/event-types';

const toEndpoint = (row: WebhookEndpointTable) => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as WebhookEventName[],
  description: row.description,
  active: Number(row.active) === 1,
  createdAt: iso(Number(row.created_at)),
});

const toDelivery = (row: WebhookDeliveryTable) => ({
  id: row.id,
  endpointId: row.endpoint_id,
  eventId: row.event_id,
  eventType: row.event_type as WebhookEventName,
  status: row.status,
  attempts: Number(row.attempts),
  nextAttemptAt: row.status === 'pending' ? iso(Number(row.next_attempt_at)) : null,
  lastStatus: row.last_status === null ? null : Number(row.last_status),
  lastError: row.last_error,
  deliveredAt: row.delivered_at === null ? null : iso(Number(row.delivered_at)),
  createdAt: iso(Number(row.created_at)),
  payload: JSON.parse(row.payload) as unknown,
});

/** Webhook endpoints and their deliveries (secret key). */
export function webhookRoutes(): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  app.use('/v1/webhook-endpoints', secretAuth);
  app.use('/v1/webhook-endpoints/*', secretAuth);

  const endpointOf = async (c: { get: (k: 'services' | 'shop') => any; req: { param: (k: string) => string } }) => {
    const row = await c.get('services').db.kysely
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('shop_id', '=', c.get('shop').id)
      .where('id', '=', c.req.param('id'))
      .executeTakeFirst();
    if (!row) throw notFound(`webhook endpoint ${c.req.param('id')}`);
    return row;
  };

  const add = { method: 'post', path: '/v1/webhook-endpoints', tag: 'Webhooks', auth: 'secret', summary: 'Add an endpoint; the whsec_ signing secret is shown once', body: webhookEndpointInputSchema, response: webhookEndpointCreatedSchema, status: 201 } as const;
  route(app, add, async (c) => {
    const { db, now } = c.get('services');
    const input = c.req.valid('json');
    // the address in whatever notation the URL parser reads; names are checked again after DNS at every delivery
    const refusal = c.get('services').webhookAllowPrivate ? null : urlRefusal(new URL(input.url));
    if (refusal)
      throw invalid('webhook_url_not_allowed', `url: ${refusalWords(refusal)}: webhooks go to public addresses only`, { path: ['url'], reason: refusal });
    const row: WebhookEndpointTable = {
      shop_id: c.get('shop').id,
      id: newId('whe'),
      url: input.url,
      events: JSON.stringify([...new Set(input.events)]),
      secret: `whsec_${randomToken(32)}`,
      description: input.description ?? null,
      active: 1,
      created_at: now().getTime(),
    };
    await db.writeTx((tx) => tx.insertInto('webhook_endpoints').values(row).execute());
    // the signing secret is shown here only
    return c.json({ ...toEndpoint(row), secret: row.secret }, 201);
  });

  route(app, { method: 'get', path: '/v1/webhook-endpoints', tag: 'Webhooks', auth: 'secret', summary: 'List endpoints', response: z.object({ data: z.array(webhookEndpointSchema) }) }, async (c) => {
    const rows = await c.get('services').db.kysely
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('shop_id', '=', c.get('shop').id)
      .where('active', '=', 1)
      .orderBy('created_at')
      .execute();
    return c.json({ data: rows.map(toEndpoint) });
  });

  route(app, { method: 'get', path: '/v1/webhook-endpoints/{id}', tag: 'Webhooks', auth: 'secret', summary: 'One endpoint', response: webhookEndpointSchema }, async (c) => c.json(toEndpoint(await endpointOf(c))));

  route(app, { method: 'delete', path: '/v1/webhook-endpoints/{id}', tag: 'Webhooks', auth: 'secret', summary: 'Deactivate an endpoint', response: webhookEndpointSchema }, async (c) => {
    const { db } = c.get('services');
    const row = await endpointOf(c);
    await db.writeTx((tx) => tx.updateTable('webhook_endpoints').set({ active: 0 }).where('shop_id', '=', row.shop_id).where('id', '=', row.id).execute());
    return c.json({ ...toEndpoint(row), active: false });
  });

  // an unknown status lists every delivery (it was never refused)
  const deliveries = {
    method: 'get',
    path: '/v1/webhook-endpoints/{id}/deliveries',
    tag: 'Webhooks',
    auth: 'secret',
    summary: 'Recent deliveries',
    query: z.object({ status: webhookDeliveryStatusSchema.optional() }),
    response: z.object({ data: z.array(webhookDeliverySchema) }),
    manual: true,
  } as const;
  route(app, deliveries, async (c) => {
    const row = await endpointOf(c);
    const status = c.req.query('status');
    let q = c.get('services').db.kysely.selectFrom('webhook_deliveries').selectAll().where('shop_id', '=', row.shop_id).where('endpoint_id', '=', row.id);
    if (status === 'pending' || status === 'delivered' || status === 'failed') q = q.where('status', '=', status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    return c.json({ data: rows.map(toDelivery) });
  });

  const resend = { method: 'post', path: '/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend', tag: 'Webhooks', auth: 'secret', summary: 'Send a delivery again', response: webhookDeliverySchema, status: 202 } as const;
  route(app, resend, async (c) => {
    const { db, now } = c.get('services');
    const endpoint = await endpointOf(c);
    const updated = await db.writeTx((tx) =>
      tx
        .updateTable('webhook_deliveries')
        .set({ status: 'pending', next_attempt_at: now().getTime(), locked_until: null })
        .where('shop_id', '=', endpoint.shop_id)
        .where('endpoint_id', '=', endpoint.id)
        .where('id', '=', c.req.param('deliveryId'))
        .returningAll()
        .executeTakeFirst(),
    );
    if (!updated) throw notFound(`delivery ${c.req.param('deliveryId')}`);
    return c.json(toDelivery(updated), 202);
  });

  return app;
}
