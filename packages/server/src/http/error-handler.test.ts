import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badRequest, conflict, forbidden, invalid, notFound, rateLimited, unauthorized, unavailable } from '../domain/errors';
import { parseInput } from '../domain/validate';
import { HttpError, validationError } from './errors';
import { toHttpError } from './error-handler';

describe('toHttpError', () => {
  it('answers each kind of domain error with its status, keeping code, words and details', () => {
    const cases = [
      [badRequest('invalid cursor'), 400, 'bad_request'],
      [invalid('currency_mismatch', 'not a currency of this shop', { currency: 'USD' }), 422, 'currency_mismatch'],
      [conflict('insufficient_balance', 'the balance is too low'), 409, 'insufficient_balance'],
      [notFound('distributor d_1'), 404, 'not_found'],
      [unauthorized('invalid session'), 401, 'unauthorized'],
      [forbidden('distributor_suspended', 'suspended'), 403, 'distributor_suspended'],
      [unavailable('payout_key_missing', 'no payout key'), 503, 'payout_key_missing'],
      [rateLimited('ip_daily_limit', 'try again tomorrow', 3600, { reason: 'ip_daily_limit', limit: 5 }), 429, 'ip_daily_limit'],
    ] as const;
    for (const [error, status, code] of cases) {
      const http = toHttpError(error, undefined, '/v1/x');
      expect(http).toBeInstanceOf(HttpError);
      expect([http.status, http.code, http.message, http.details]).toEqual([status, code, error.message, error.details]);
    }
    expect(toHttpError(notFound('order o_9'), undefined, '/v1/x').message).toBe('order o_9 not found');
  });

  it('answers a rate-limited refusal with its Retry-After header, and no other kind with any header', () => {
    expect(toHttpError(rateLimited('rate_limited', 'too many sign-in attempts: try again in 90 s', 90), undefined, '/v1/x').headers).toEqual({ 'Retry-After': '90' });
    expect(toHttpError(conflict('admin_exists', 'already an admin'), undefined, '/v1/x').headers).toBeUndefined();
  });

  it('answers input a service refused as the routes answer their own validation', () => {
    const schema = z.object({ code: z.string().min(2) });
    let thrown: unknown;
    try {
      parseInput(schema, { code: 'x' });
    } catch (error) {
      thrown = error;
    }
    const http = toHttpError(thrown, undefined, '/v1/track/click');
    expect(http).toMatchObject({ status: 422, code: 'validation_failed' });
    expect(http).toEqual(validationError(schema.safeParse({ code: 'x' }).error!));
    expect(parseInput(schema, { code: 'ab' })).toEqual({ code: 'ab' });
  });

  it('passes an HttpError through and makes anything unexpected a 500', () => {
    const limited = new HttpError(429, 'rate_limited', 'slow down');
    expect(toHttpError(limited, undefined, '/v1/x')).toBe(limited);
    expect(toHttpError(new Error('boom'), undefined, '/v1/x')).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
