import type { z } from 'zod';

import type { RouteAuth } from './declare';

/** One operation of the HTTP API, as the OpenAPI document describes it. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: `/v1/orders/{id}`. */
  path: string;
  tag: string;
  summary: string;
  auth: RouteAuth;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  /** Success status (default 200). */
  status?: number;
  /** Success content type when not JSON (CSV, JavaScript, HTML). */
  contentType?: string;
}

/** Shorthand for a catalog entry. */
export const op = (
  method: RouteDoc['method'],
  path: string,
  tag: string,
  auth: RouteAuth,
  summary: string,
  extra: Partial<Pick<RouteDoc, 'body' | 'query' | 'response' | 'status' | 'contentType'>> = {},
): RouteDoc => ({ method, path, tag, auth, summary, ...extra });
