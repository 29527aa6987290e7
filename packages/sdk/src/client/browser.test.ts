import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, lateFetch, useMsw } from '../../test/msw';
import { createTwotierClient } from './create-client';

const server = useMsw();
const client = createTwotierClient({ baseUrl: `${BASE}/`, publishableKey: 'pk_test_12345678', retry: { delay: () => 1 }, fetch: lateFetch });

describe('browser and session calls', () => {
  it('puts the publishable key in the tracking body and sends no Authorization', async () => {
    let seen: { body: unknown; auth: string | null } | undefined;
    server.use(
      http.post(`${BASE}/v1/track/click`, async ({ request }) => {
        seen = { body: await request.json(), auth: request.headers.get('authorization') };
        return HttpResponse.json({ accepted: true, duplicate: false }, { status: 202 });
      }),
    );
    await client.track.click({ code: 'alice', visitorId: 'v_12345678', eventId: 'e_12345678', url: 'https://shop.test/' });
    expect(seen).toEqual({
      body: { key: 'pk_test_12345678', code: 'alice', visitorId: 'v_12345678', eventId: 'e_12345678', url: 'https://shop.test/' },
      auth: null,
    });
  });

  it('retries a click with the same event id; the second answer is the dedupe', async () => {
    const events: string[] = [];
    server.use(
      http.post(`${BASE}/v1/track/click`, async ({ request }) => {
        events.push(((await request.json()) as { eventId: string }).eventId);
        return events.length === 1 ? HttpResponse.error() : HttpResponse.json({ accepted: true, duplicate: true }, { status: 202 });
      }),
    );
    await expect(client.track.click({ code: 'a1', visitorId: 'v_12345678', eventId: 'e_same_01', url: 'https://s/' })).resolves.toEqual({
      accepted: true,
      duplicate: true,
    });
    expect(events).toEqual(['e_same_01', 'e_same_01']);
  });

  it('looks up a public distributor with ?key=', async () => {
    server.use(
      http.get(`${BASE}/v1/public/distributors/:code`, ({ request, params }) =>
        HttpResponse.json({ code: params.code, displayName: new URL(request.url).searchParams.get('key') }),
      ),
    );
    await expect(client.publicDistributor('bob')).resolves.toEqual({ code: 'bob', displayName: 'pk_test_12345678' });
  });

  it('uses the session as bearer for me.* after withSession', async () => {
    const auths: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/v1/sessions`, () => HttpResponse.json({ session: 'sess_1', distributor: null }, { status: 201 })),
      http.post(`${BASE}/v1/me/withdrawals`, async ({ request }) => {
        auths.push(request.headers.get('authorization'));
        return HttpResponse.json({ id: 'w1', ...((await request.json()) as object) }, { status: 201 });
      }),
    );
    const { session } = await client.sessions.create('token');
    const me = client.withSession(session);
    await expect(me.me.withdraw(1500)).resolves.toMatchObject({ id: 'w1', amount: 1500 });
    expect(auths).toEqual(['Bearer sess_1']);
    server.use(
      http.get(`${BASE}/v1/me/withdrawals`, ({ request }) =>
        HttpResponse.json({ data: [], nextCursor: null, auth: request.headers.get('authorization'), limit: new URL(request.url).searchParams.get('limit') }),
      ),
    );
    await expect(me.me.withdrawals({ limit: 5 })).resolves.toMatchObject({ auth: 'Bearer sess_1', limit: '5' });
  });

  it('refuses tracking without a publishable key, before any request', async () => {
    const bare = createTwotierClient({ baseUrl: BASE, secretKey: 'sk_x' });
    await expect(bare.track.click({ code: 'a1', visitorId: 'v_12345678', eventId: 'e_12345678', url: 'u' })).rejects.toThrow(/publishable key/);
  });
});
