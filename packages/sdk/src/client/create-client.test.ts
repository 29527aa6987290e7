import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, lateFetch, useMsw } from '../../test/msw';
import { TwotierApiError } from '../errors';
import { createTwotierClient } from './create-client';

const server = useMsw();
const fast = { limit: 2, delay: () => 1 };
const client = createTwotierClient({ baseUrl: BASE, secretKey: 'sk_test_123', retry: fast, fetch: lateFetch });
const order = { id: 'A-1', currency: 'CNY', items: [{ sku: 'tea', quantity: 2, unitPrice: 3999 }] };
const result = (id: string) => ({ order: { id }, commissions: [{ level: 1, amount: 800 }], notPaid: [] });

describe('createTwotierClient', () => {
  it('sends the secret key and the JSON body, and returns the parsed result', async () => {
    let seen: { auth: string | null; body: unknown } | undefined;
    server.use(
      http.post(`${BASE}/v1/orders`, async ({ request }) => {
        seen = { auth: request.headers.get('authorization'), body: await request.json() };
        return HttpResponse.json(result('A-1'), { status: 201 });
      }),
    );
    const res = await client.orders.create(order);
    expect(seen).toEqual({ auth: 'Bearer sk_test_123', body: order });
    expect(res.commissions[0]?.amount).toBe(800);
  });

  it('retries an order after a 503 and returns the idempotent replay', async () => {
    let attempts = 0;
    server.use(
      http.post(`${BASE}/v1/orders`, () => {
        attempts++;
        return attempts === 1 ? HttpResponse.json({ error: { code: 'unavailable', message: 'busy' } }, { status: 503 }) : HttpResponse.json(result('A-1'), { status: 200 });
      }),
    );
    await expect(client.orders.create(order)).resolves.toMatchObject({ order: { id: 'A-1' } });
    expect(attempts).toBe(2);
  });

  it('waits as long as a 503 unavailable asks (Retry-After) before it sends the order again', async () => {
    const at: number[] = [];
    server.use(
      http.post(`${BASE}/v1/orders`, () => {
        at.push(performance.now());
        return at.length === 1
          ? HttpResponse.json({ error: { code: 'unavailable', message: 'database unavailable' } }, { status: 503, headers: { 'retry-after': '1' } })
          : HttpResponse.json(result('A-1'), { status: 201 });
      }),
    );
    await expect(client.orders.create(order)).resolves.toMatchObject({ order: { id: 'A-1' } });
    expect(at).toHaveLength(2);
    // the client's own delay is 1 ms: the second attempt waited for the server's second
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(950);
  });

  it('retries refunds after a network failure (idempotent by refund id)', async () => {
    let attempts = 0;
    server.use(
      http.post(`${BASE}/v1/orders/A%2F1/refunds`, () => {
        attempts++;
        return attempts < 3 ? HttpResponse.error() : HttpResponse.json({ refund: { id: 'R1' }, reversals: [] }, { status: 201 });
      }),
    );
    await expect(client.orders.refund('A/1', { id: 'R1', amount: 100 })).resolves.toMatchObject({ refund: { id: 'R1' } });
    expect(attempts).toBe(3);
  });

  it('never retries a withdrawal request (not keyed by a shop id)', async () => {
    let attempts = 0;
    server.use(
      http.post(`${BASE}/v1/withdrawals`, () => {
        attempts++;
        return HttpResponse.json({ error: { code: 'unavailable', message: 'busy' } }, { status: 503 });
      }),
    );
    await expect(client.withdrawals.create({ distributorId: 'd1', amount: 500 })).rejects.toBeInstanceOf(TwotierApiError);
    expect(attempts).toBe(1);
  });

  it('gives up after the retry limit with the last error', async () => {
    let attempts = 0;
    server.use(
      http.get(`${BASE}/v1/program`, () => {
        attempts++;
        return HttpResponse.json({ error: { code: 'internal', message: 'boom' } }, { status: 500 });
      }),
    );
    const err = await client.program.get().catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, code: 'internal', message: 'boom' });
    expect(attempts).toBe(3);
  });

  it('maps a 409 conflicting replay to a typed error with details, without retrying', async () => {
    let attempts = 0;
    server.use(
      http.post(`${BASE}/v1/orders`, () => {
        attempts++;
        return HttpResponse.json(
          { error: { code: 'order_conflict', message: 'order A-1 was posted with different content', details: { field: 'items' } } },
          { status: 409 },
        );
      }),
    );
    const err = (await client.orders.create(order).catch((e: unknown) => e)) as TwotierApiError;
    expect(err).toBeInstanceOf(TwotierApiError);
    expect([err.status, err.code, err.details]).toEqual([409, 'order_conflict', { field: 'items' }]);
    expect(attempts).toBe(1);
  });

  it('falls back to a status-derived code when the error body is not JSON', async () => {
    server.use(http.get(`${BASE}/v1/distributors/x`, () => new HttpResponse('nope', { status: 404 })));
    await expect(client.distributors.get('x')).rejects.toMatchObject({ status: 404, code: 'not_found', message: 'nope' });
  });

  it('reports a network failure as status 0', async () => {
    server.use(http.patch(`${BASE}/v1/distributors/d1`, () => HttpResponse.error()));
    await expect(client.distributors.update('d1', { status: 'suspended' })).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('sends list queries without undefined values and pages through listAll', async () => {
    const urls: string[] = [];
    server.use(
      http.get(`${BASE}/v1/distributors`, ({ request }) => {
        urls.push(request.url);
        const cursor = new URL(request.url).searchParams.get('cursor');
        return HttpResponse.json(cursor ? { data: [{ id: 'b' }], nextCursor: null } : { data: [{ id: 'a' }], nextCursor: 'c2' });
      }),
    );
    const ids: string[] = [];
    for await (const d of client.distributors.listAll({ status: 'active', q: undefined })) ids.push(d.id);
    expect(ids).toEqual(['a', 'b']);
    expect(urls[0]).toBe(`${BASE}/v1/distributors?status=active`);
    expect(urls[1]).toBe(`${BASE}/v1/distributors?status=active&cursor=c2`);
  });

  it('exports withdrawals as CSV text', async () => {
    server.use(http.get(`${BASE}/v1/withdrawals.csv`, ({ request }) => new HttpResponse(`id,amount\nw1,500\n# ${new URL(request.url).search}`)));
    await expect(client.withdrawals.exportCsv('approved')).resolves.toBe('id,amount\nw1,500\n# ?status=approved');
  });

  it('rejects a secret key in the publishable slot and a relative base URL', () => {
    expect(() => createTwotierClient({ baseUrl: BASE, publishableKey: 'sk_live' })).toThrow(/publishableKey/);
    expect(() => createTwotierClient({ baseUrl: '/api' })).toThrow(/baseUrl/);
  });
});
