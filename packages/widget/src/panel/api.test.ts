import { describe, expect, it } from 'vitest';
import { createPanelApi } from './api';

/** A window whose fetch answers the welcome from `answers` in turn, recording when each was asked. */
const fakeWindow = (answers: { status: number; body: unknown }[], asked: string[]) =>
  ({
    fetch: async (url: string) => {
      const path = new URL(url).pathname;
      asked.push(path);
      const a = path == '/v1/public/welcome' ? answers.shift()! : { status: 200, body: { code: 'alice', displayName: 'Alice' } };
      return new Response(JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json' } });
    },
  }) as unknown as Window;

const coupon = { status: 200, body: { distributor: { code: 'alice', displayName: 'Alice' }, coupon: 'WELCOME10', reason: 'assigned' } };
const notYet = { status: 409, body: { error: { code: 'no_referral_visit', message: 'no touch' } } };

describe('the welcome coupon on a landing', () => {
  it('is asked for only once the touch was answered', async () => {
    const asked: string[] = [];
    let answer!: () => void;
    const touch = new Promise<void>((r) => (answer = r));
    const inviter = createPanelApi(fakeWindow([coupon], asked), 'https://api.test', 'pk_test_1').inviter('alice', 'v-1', touch);
    await new Promise((r) => setTimeout(r, 30));
    expect(asked).toEqual([]);
    answer();
    expect(await inviter).toMatchObject({ code: 'alice', welcomeCoupon: { code: 'WELCOME10' } });
    expect(asked).toEqual(['/v1/public/welcome']);
  });

  it('is asked for once more when the server had not stored the touch yet, and no more', async () => {
    const asked: string[] = [];
    const api = createPanelApi(fakeWindow([notYet, coupon], asked), 'https://api.test', 'pk_test_1');
    expect(await api.inviter('alice', 'v-1', Promise.resolve())).toMatchObject({ welcomeCoupon: { code: 'WELCOME10' } });
    expect(asked).toEqual(['/v1/public/welcome', '/v1/public/welcome']);
    const again: string[] = [];
    const twice = createPanelApi(fakeWindow([notYet, notYet], again), 'https://api.test', 'pk_test_1');
    // Still refused: the inviter without a coupon, from the public lookup.
    expect(await twice.inviter('alice', 'v-1')).toEqual({ code: 'alice', displayName: 'Alice' });
    expect(again).toEqual(['/v1/public/welcome', '/v1/public/welcome', '/v1/public/distributors/alice']);
  });
});
