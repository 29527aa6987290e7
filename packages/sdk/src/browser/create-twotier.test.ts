import { Window } from 'happy-dom';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, lateFetch, useMsw } from '../../test/msw';
import { createTwotier } from './create-twotier';

const server = useMsw();
const page = (url: string) => new Window({ url }).document as unknown as Document;

describe('createTwotier', () => {
  it('captures ?ref= into the same first-party cookies as the tag and records the touch', async () => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.post(`${BASE}/v1/track/click`, async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        return HttpResponse.json({ accepted: true, duplicate: false }, { status: 202 });
      }),
    );
    const doc = page('https://shop.test/p/1?ref=alice');
    const twotier = createTwotier({ key: 'pk_test_12345678', endpoint: BASE, document: doc, fetch: lateFetch });
    const r = await twotier.capture();
    expect(r).toEqual({ code: 'alice', visitorId: expect.stringMatching(/^[\w-]{21}$/) });
    expect(doc.cookie).toContain('tt_ref=alice');
    expect(bodies).toEqual([{ key: 'pk_test_12345678', code: 'alice', visitorId: r!.visitorId, eventId: expect.any(String), url: 'https://shop.test/p/1?ref=alice' }]);
  });

  it('waits for consent when required, then sends; reports conversions only for a kept visitor', async () => {
    const paths: string[] = [];
    server.use(
      http.post(`${BASE}/v1/track/:kind`, ({ params }) => {
        paths.push(String(params.kind));
        return HttpResponse.json({ accepted: true, duplicate: false }, { status: 202 });
      }),
    );
    const doc = page('https://shop.test/?ref=bob');
    const twotier = createTwotier({ key: 'pk_test_12345678', endpoint: BASE, document: doc, consentRequired: true, fetch: lateFetch });
    await twotier.conversion({ orderId: 'A-1', amount: 100, currency: 'USD' });
    expect(await twotier.capture()).toBeNull();
    expect([paths, doc.cookie]).toEqual([[], '']);
    twotier.consent(true);
    await expect.poll(() => paths).toEqual(['click']);
    await twotier.conversion({ orderId: 'A-1', amount: 100, currency: 'USD' });
    expect(paths).toEqual(['click', 'conversion']);
  });

  it('is safe on the server: no document, memory only, no request without a referral', async () => {
    const twotier = createTwotier({ key: 'pk_test_12345678', endpoint: BASE, fetch: lateFetch });
    expect(await twotier.capture('https://shop.test/no-ref')).toBeNull();
    expect(twotier.referral()).toEqual({ code: null, visitorId: null });
  });
});
