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

  it('answers the database away 503 unavailable with a Retry-After of a few seconds, and logs a warning, not an error', () => {
    const logged: string[] = [];
    const logger = { warn: () => logged.push('warn'), error: () => logged.push('error') } as unknown as Parameters<typeof toHttpError>[1];
    const shapes = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }),
    ];
    for (const error of shapes) {
      const http = toHttpError(error, logger, '/v1/orders');
      expect([http.status, http.code, http.details]).toEqual([503, 'unavailable', undefined]);
      expect(Number(http.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(Number(http.headers?.['Retry-After'])).toBeLessThanOrEqual(10);
      expect(http.message).not.toContain('127.0.0.1');
    }
    expect(logged).toEqual(shapes.map(() => 'warn'));
    // a unique violation is still a conflict, a bug still a 500
    expect(toHttpError(Object.assign(new Error('duplicate key'), { code: '23505' }), undefined, '/v1/orders').status).toBe(409);
    expect(toHttpError(Object.assign(new Error('syntax error'), { code: '42601' }), undefined, '/v1/orders').status).toBe(500);
  });

  it('passes an HttpError through and makes anything unexpected a 500', () => {
    const limited = new HttpError(429, 'rate_limited', 'slow down');
    expect(toHttpError(limited, undefined, '/v1/x')).toBe(limited);
    expect(toHttpError(new Error('boom'), undefined, '/v1/x')).toMatchObject({ status: 500, code: 'internal_error' });
  });
});
