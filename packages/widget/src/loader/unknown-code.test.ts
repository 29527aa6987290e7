import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTrackingApi } from '../../test/msw';
import { createPage, runTag } from '../../test/page';

const api = useTrackingApi();

/** Issue 16: a typo in a printed poster's link costs real sales; the tag says so in the console. */
describe('a referral code the server does not know', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is still kept and sent, and warned about in the console without data-debug', async () => {
    api.state.unknownCodes = ['ALIEC'];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const w = createPage('https://shop.test/?ref=ALIEC');
    runTag(w);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('[twotier] unknown referral code', 'ALIEC'));
    expect(api.hits.filter((h) => h.path === 'click').map((h) => h.body.code)).toEqual(['ALIEC']);
    expect(w.document.cookie).toContain('tt_ref=ALIEC');
  });

  it('says nothing for a known code', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const w = createPage('https://shop.test/?ref=ALICE');
    runTag(w);
    await vi.waitFor(() => expect(api.hits.filter((h) => h.path === 'click')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 30));
    expect(warn).not.toHaveBeenCalled();
  });
});
