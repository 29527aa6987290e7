import { describe, expect, it, vi } from 'vitest';
import { useTrackingApi } from '../../test/msw';
import { createPage, installStub, runTag } from '../../test/page';

const api = useTrackingApi();
const clicks = () => api.hits.filter((h) => h.path === 'click');

describe('the script tag', () => {
  it('captures ?ref=, keeps it first-party and sends the touch as text/plain with keepalive', async () => {
    const w = createPage('https://shop.test/p/tea?ref=alice_01&color=red');
    const fetchSpy = vi.spyOn(w, 'fetch');
    const { loaded } = runTag(w);
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    const hit = clicks()[0]!;
    expect(hit.contentType).toMatch(/^text\/plain/);
    expect(fetchSpy.mock.calls[0]![1]).toMatchObject({ method: 'POST', keepalive: true });
    expect(hit.body).toMatchObject({ key: 'pk_test_12345678', code: 'alice_01', url: 'https://shop.test/p/tea?ref=alice_01&color=red' });
    expect(hit.body.eventId).toMatch(/^[\w-]{21}$/);
    expect(w.document.cookie).toContain('tt_ref=alice_01');
    expect(w.document.cookie).toContain(`tt_vid=${String(hit.body.visitorId)}`);
    expect(w.twotier!.referral).toEqual({ code: 'alice_01', visitorId: hit.body.visitorId });
    // A referred visitor gets the panel ("invited by …") unless the shop turned it off.
    await vi.waitFor(() => expect(loaded).toEqual(['track', 'panel']));
  });

  it('loads no panel with data-panel="none"', async () => {
    const w = createPage('https://shop.test/?ref=alice_02');
    const { loaded } = runTag(w, { panel: 'none' });
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(loaded).toEqual(['track']);
  });

  it('makes no request and loads nothing on a page with no referral and no panel', async () => {
    const w = createPage('https://shop.test/about');
    installStub(w);
    const ready = vi.fn();
    w.twotier!('ready', ready);
    const { loaded } = runTag(w);
    await new Promise((r) => setTimeout(r, 50));
    expect(loaded).toEqual([]);
    expect(api.hits).toEqual([]);
    expect(w.document.cookie).toBe('');
    expect(ready).toHaveBeenCalledWith(w.twotier);
  });

  it('queues a touch that fails offline and resends it later with the same event id', async () => {
    api.state.fail = 1;
    const w = createPage('https://shop.test/?ref=bob');
    runTag(w);
    await vi.waitFor(() => expect(JSON.parse(w.localStorage.getItem('tt_q') ?? '[]')).toHaveLength(1));
    const queued = JSON.parse(w.localStorage.getItem('tt_q')!)[0].b.eventId as string;
    expect(clicks()).toHaveLength(0);
    // The next page (no ?ref=, a fresh global, the same storage) finds the queued touch and resends it.
    w.history.replaceState(null, '', '/cart');
    delete w.twotier;
    runTag(w);
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    expect(clicks()[0]!.body.eventId).toBe(queued);
    await vi.waitFor(() => expect(w.localStorage.getItem('tt_q')).toBe('[]'));
  });

  it('resends on "online" and does not send an event twice while it is in flight', async () => {
    api.state.fail = 1;
    const w = createPage('https://shop.test/?ref=carol');
    runTag(w);
    await vi.waitFor(() => expect(JSON.parse(w.localStorage.getItem('tt_q') ?? '[]')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 20));
    w.dispatchEvent(new (w as unknown as { Event: typeof Event }).Event('online'));
    Object.defineProperty(w.document, 'visibilityState', { value: 'hidden', configurable: true });
    w.document.dispatchEvent(new (w as unknown as { Event: typeof Event }).Event('visibilitychange'));
    await vi.waitFor(() => expect(w.localStorage.getItem('tt_q')).toBe('[]'));
    w.dispatchEvent(new (w as unknown as { Event: typeof Event }).Event('online'));
    await new Promise((r) => setTimeout(r, 50));
    expect(clicks()).toHaveLength(1);
  });

  it('replays the stub queue: conversion with the kept visitor, ready after capture', async () => {
    const w = createPage('https://shop.test/thanks?ref=dave');
    installStub(w);
    const seen: unknown[] = [];
    w.twotier!('conversion', { orderId: 'A-1', amount: 1999, currency: 'USD', items: ['not sent'] });
    w.twotier!('ready', (t: { referral: unknown }) => seen.push(t.referral));
    runTag(w);
    await vi.waitFor(() => expect(api.hits.map((h) => h.path).sort()).toEqual(['click', 'conversion']));
    const conv = api.hits.find((h) => h.path === 'conversion')!;
    expect(conv.body).toMatchObject({ orderId: 'A-1', amount: 1999, currency: 'USD', code: 'dave', visitorId: clicks()[0]!.body.visitorId });
    expect(Object.keys(conv.body).sort()).toEqual(['amount', 'code', 'currency', 'eventId', 'key', 'orderId', 'url', 'visitorId']);
    expect(seen).toEqual([{ code: 'dave', visitorId: conv.body.visitorId }]);
  });

  it('with data-consent="required", touches nothing until consent, then captures', async () => {
    const w = createPage('https://shop.test/?ref=erin');
    const { loaded } = runTag(w, { consent: 'required' });
    w.twotier!('identify', 'token');
    w.twotier!('conversion', { orderId: 'A-9', amount: 1, currency: 'USD' });
    await new Promise((r) => setTimeout(r, 50));
    expect([loaded, api.hits, w.document.cookie, w.localStorage.length]).toEqual([[], [], '', 0]);
    w.twotier!('consent', true);
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    expect(clicks()[0]!.body.code).toBe('erin');
    expect(w.document.cookie).toContain('tt_consent=1');
    w.twotier!('consent', false);
    await vi.waitFor(() => expect(w.document.cookie).not.toContain('tt_ref'));
    expect([w.document.cookie, w.twotier!.referral]).toEqual(['', { code: null, visitorId: null }]);
  });

  it('decorates marked forms and Stripe Payment Links / Buy Buttons with the visitor', async () => {
    const w = createPage(
      'https://shop.test/?ref=frank',
      `<form data-twotier id="f"></form><form id="plain"></form>
       <a id="pl" href="https://buy.stripe.com/test_123?prefilled_email=a%40b.c">Pay</a>
       <stripe-buy-button id="bb" buy-button-id="buy_1"></stripe-buy-button>`,
    );
    runTag(w);
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    const vid = String(clicks()[0]!.body.visitorId);
    const form = w.document.getElementById('f')!;
    expect((form.querySelector('input[name="twotier_vid"]') as HTMLInputElement).value).toBe(vid);
    expect((form.querySelector('input[name="twotier_ref"]') as HTMLInputElement).value).toBe('frank');
    expect(w.document.getElementById('plain')!.children).toHaveLength(0);
    const link = new URL((w.document.getElementById('pl') as HTMLAnchorElement).href);
    expect([link.searchParams.get('client_reference_id'), link.searchParams.get('prefilled_email')]).toEqual([vid, 'a@b.c']);
    expect(w.document.getElementById('bb')!.getAttribute('client-reference-id')).toBe(vid);
  });

  it('honours data-params and strips them from the address bar with data-strip', async () => {
    const w = createPage('https://shop.test/p?aff=gina&x=1#top');
    runTag(w, { params: 'aff', strip: '' });
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    expect(clicks()[0]!.body.code).toBe('gina');
    expect(w.location.href).toBe('https://shop.test/p?x=1#top');
  });

  it('never throws into the page, even when storage is forbidden', async () => {
    const w = createPage('https://shop.test/?ref=hank');
    Object.defineProperty(w, 'localStorage', { get: () => { throw new Error('SecurityError'); } });
    const { tt } = runTag(w);
    expect(() => tt('no-such-command', 1)).not.toThrow();
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    expect(() => w.twotier!('ready', () => { throw new Error('shop bug'); })).not.toThrow();
    expect(() => w.twotier!('bogus')).not.toThrow();
  });

  it('does not send a second touch when the same landing URL is reloaded in the tab', async () => {
    const w = createPage('https://shop.test/?ref=ivy');
    runTag(w);
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    delete w.twotier;
    const again = runTag(w);
    await vi.waitFor(() => expect(again.loaded).toContain('track'));
    await new Promise((r) => setTimeout(r, 50));
    expect(clicks()).toHaveLength(1);
  });

  it('a returning visitor loads no tracking chunk: the loader reads the kept referral and writes back what one place lost', async () => {
    const w = createPage('https://shop.test/?ref=kim');
    runTag(w, { panel: 'none' });
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
    const vid = String(clicks()[0]!.body.visitorId);
    // The next page: no code in the URL, the cookie of the code lost (cleared by the browser), localStorage kept.
    w.history.replaceState(null, '', '/cart');
    w.document.cookie = 'tt_ref=;expires=Thu, 01 Jan 1970 00:00:00 GMT;path=/';
    expect(w.document.cookie).not.toContain('tt_ref=kim');
    delete w.twotier;
    const next = runTag(w, { panel: 'none' });
    expect(w.twotier!.referral).toEqual({ code: 'kim', visitorId: vid });
    expect(w.document.cookie).toContain('tt_ref=kim');
    await new Promise((r) => setTimeout(r, 30));
    expect(next.loaded).toEqual([]);
    expect(clicks()).toHaveLength(1);
    // A kept value that is not a well-formed code is not read.
    w.document.cookie = 'tt_ref=a%20b;path=/';
    w.localStorage.removeItem('tt_ref');
    delete w.twotier;
    runTag(w, { panel: 'none' });
    expect(w.twotier!.referral).toEqual({ code: null, visitorId: vid });
  });

  it('a second copy of the tag leaves the first in charge', async () => {
    const w = createPage('https://shop.test/?ref=jane');
    const first = runTag(w);
    const second = runTag(w);
    expect(second.tt).toBe(first.tt);
    expect(second.loaded).toEqual([]);
    await vi.waitFor(() => expect(clicks()).toHaveLength(1));
  });

  it('captures before the page has finished parsing; ready callbacks see the referral, decoration waits for the DOM', async () => {
    const w = createPage('https://shop.test/?ref=kim', '<form data-twotier id="f"></form>');
    Object.defineProperty(w.document, 'readyState', { value: 'loading', configurable: true });
    installStub(w);
    const seen: unknown[] = [];
    w.twotier!('ready', (t: { referral: { code: string } }) => seen.push(t.referral.code));
    runTag(w);
    await vi.waitFor(() => expect(seen).toEqual(['kim']));
    expect(w.document.querySelector('input[name="twotier_ref"]')).toBeNull();
    Object.defineProperty(w.document, 'readyState', { value: 'interactive', configurable: true });
    w.document.dispatchEvent(new (w as unknown as { Event: typeof Event }).Event('DOMContentLoaded'));
    await vi.waitFor(() => expect((w.document.querySelector('input[name="twotier_ref"]') as HTMLInputElement).value).toBe('kim'));
  });

  it('finds an inline panel container that comes after the tag, once the page is parsed', async () => {
    const w = createPage('https://shop.test/account');
    Object.defineProperty(w.document, 'readyState', { value: 'loading', configurable: true });
    const { loaded } = runTag(w);
    expect(loaded).toEqual([]);
    w.document.body.appendChild(w.document.createElement('div')).setAttribute('data-twotier-panel', '');
    Object.defineProperty(w.document, 'readyState', { value: 'interactive', configurable: true });
    w.document.dispatchEvent(new (w as unknown as { Event: typeof Event }).Event('DOMContentLoaded'));
    // No referral to read: the panel alone.
    await vi.waitFor(() => expect(loaded).toEqual(['panel']));
    expect(api.hits).toEqual([]);
  });
});
