import { OpenAPIHono, createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler, TypedResponse } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { z } from 'zod';
import type { AppEnv } from '../context';
import { readJson } from '../http/body';
import { validationError } from '../http/errors';
import { parseWith, queryObject } from '../http/validate';

/** Who may call an operation. */
export type RouteAuth = 'operator' | 'secret' | 'publishable' | 'session' | 'admin' | 'stripe' | 'shopify' | 'woocommerce' | 'none';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One operation of the HTTP API: its path, who may call it, and the zod
 * schemas of its query, body and answer. The route validates with these
 * schemas and the OpenAPI document (`GET /v1/openapi.json`) is generated
 * from them, so the two cannot drift apart.
 */
export interface Declaration {
  method: Method;
  /** OpenAPI style: `/v1/orders/{id}`. */
  path: string;
  tag: string;
  auth: RouteAuth;
  summary: string;
  /** The JSON body; parsed (64 KB, any content type) and validated before the handler runs, a failure is 422 `validation_failed`. */
  body?: z.ZodType;
  /** The query string (last value of a repeated parameter wins); validated like the body. */
  query?: z.ZodObject;
  /** The success answer (JSON). */
  response?: z.ZodType;
  /** Success status (default 200). */
  status?: 200 | 201 | 202 | 204;
  /** Success content type when not JSON (CSV, JavaScript, HTML). */
  contentType?: string;
  /** Hono's path when it is not the OpenAPI path with `{x}` as `:x` (a pattern such as `/:file{[\\w-]+\\.js}`). */
  honoPath?: string;
  /** Runs before the body is read and validated (authentication). */
  middleware?: readonly MiddlewareHandler<AppEnv>[];
  /**
   * The handler reads and validates its body and query itself, because
   * something must come first (authenticating from a publishable key in the
   * body, a 403 before a 422): the schemas are documented, not applied here.
   */
  manual?: true;
}

type ConvertPath<T extends string> = T extends `${infer Start}/{${infer Param}}${infer Rest}` ? `${Start}/:${Param}${ConvertPath<Rest>}` : T;
type JsonOut<D> = D extends { manual: true } ? {} : D extends { body: infer B extends z.ZodType } ? { json: z.output<B> } : {};
type QueryOut<D> = D extends { manual: true } ? {} : D extends { query: infer Q extends z.ZodType } ? { query: z.output<Q> } : {};

/** What `c.req.valid('json' | 'query')` answers in the handler of a declaration. */
export type DeclaredInput<D> = { in: {}; out: JsonOut<D> & QueryOut<D> };

/** The handler of a declared route. */
export type DeclaredHandler<D extends Declaration> = (c: Context<AppEnv, ConvertPath<D['path']>, DeclaredInput<D>>) => DeclaredReturn<D> | Promise<DeclaredReturn<D>>;

/**
 * What a handler may return: with a JSON answer declared, a `c.json()` of a
 * value of its schema's type (so the document cannot promise what the
 * handler does not give); an error answer is thrown, never returned.
 */
type DeclaredReturn<D> = D extends { response: infer R extends z.ZodType } ? Response & TypedResponse<JSONParsed<z.output<R>>, StatusCode, 'json'> : Response;

/** The answer a declared route gives on success, as its schema types it (for typed clients). */
export type DeclaredResponse<D> = D extends { response: infer R extends z.ZodType } ? z.output<R> : never;

const SECURITY: Record<RouteAuth, Record<string, string[]>[]> = {
  operator: [{ operatorToken: [] }],
  secret: [{ secretKey: [] }, { adminSession: [] }],
  publishable: [{ publishableKey: [] }],
  session: [{ distributorSession: [] }],
  admin: [{ adminSession: [] }],
  stripe: [{ stripeSignature: [] }],
  shopify: [{ shopifyHmac: [] }],
  woocommerce: [{ wooCommerceSignature: [] }],
  none: [],
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The `@hono/zod-openapi` route config of a declaration (what the OpenAPI document is generated from). */
export function routeConfig(d: Declaration): RouteConfig {
  const status = String(d.status ?? 200);
  const success =
    d.status === 204
      ? { description: 'No content' }
      : d.contentType
        ? { description: 'OK', content: { [d.contentType]: { schema: { type: 'string' as const } } } }
        : { description: 'OK', content: { 'application/json': { schema: d.response ?? {} } } };
  return createRoute({
    method: d.method,
    path: d.path,
    tags: [d.tag],
    summary: d.summary,
    operationId: `${d.method}${d.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    security: SECURITY[d.auth],
    request: {
      ...(d.query ? { query: d.query } : {}),
      ...(d.body
        ? {
            body: {
              required: true,
              content: {
                'application/json': { schema: d.body },
                ...(d.auth === 'publishable' ? { 'text/plain': { schema: { type: 'string', description: 'the same JSON, sent as text/plain (no preflight)' } } } : {}),
              },
            },
          }
        : {}),
    },
    responses: {
      [status]: success,
      '400': errorResponse('Malformed request'),
      ...(d.auth !== 'none' ? { '401': errorResponse('Missing or invalid credentials'), '403': errorResponse('Credentials that may not do this') } : {}),
      '404': errorResponse('Not found'),
      ...(d.method !== 'get' ? { '409': errorResponse('Conflicting replay or state'), '413': errorResponse('Body over 64 KB') } : {}),
      '422': errorResponse('Invalid input'),
      '429': errorResponse('Rate limited (see Retry-After)'),
      '503': errorResponse('The database is unreachable for a moment (`unavailable`): retry after Retry-After seconds with the same ids, a replay is answered once'),
    },
  } as RouteConfig);
}

/**
 * A router whose routes are declared with {@link route}. A zod failure in a
 * validator of `@hono/zod-openapi` answers as every other one does: 422
 * `validation_failed` with each issue (the app's error handler).
 */
export function openApiRoutes(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error);
    },
  });
}

/**
 * Declares a route on `app`: registered in its OpenAPI registry and served
 * with the declaration's middleware, then its query and body validated by
 * its schemas (the project's body reader: 64 KB, 400 for non-JSON, any
 * content type), then the handler with `c.req.valid('json' | 'query')` typed.
 *
 * @example
 * route(app, { method: 'get', path: '/v1/shop', tag: 'Shop', auth: 'secret', summary: 'The shop of this key', response: shopSchema, middleware: [secretAuth] },
 *   (c) => c.json(toShop(c.get('shop'))));
 */
export function route<const D extends Declaration>(app: OpenAPIHono<AppEnv>, d: D, handler: DeclaredHandler<D>): void {
  app.openAPIRegistry.registerPath(routeConfig(d));
  const validators: MiddlewareHandler<AppEnv>[] = [];
  const { query, body } = d;
  if (query && !d.manual) {
    validators.push(async (c, next) => {
      c.req.addValidatedData('query', parseWith(query, queryObject(c.req.url)) as Record<string, string>);
      await next();
    });
  }
  if (body && !d.manual) {
    validators.push(async (c, next) => {
      c.req.addValidatedData('json', parseWith(body, await readJson(c)) as object);
      await next();
    });
  }
  const path = d.honoPath ?? d.path.replace(/\{(\w+)\}/g, ':$1');
  app.on([d.method.toUpperCase()], [path], ...(d.middleware ?? []), ...validators, handler as unknown as MiddlewareHandler<AppEnv>);
}
