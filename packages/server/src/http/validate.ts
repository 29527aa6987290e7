import type { z } from 'zod';
import { validationError } from './errors';

/** Parses `data` with `schema`; a failure is a 422 with every issue. */
export function parseWith<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** The query string as a plain object (last value wins), for schema parsing. */
export function queryObject(url: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of new URL(url).searchParams) out[k] = v;
  return { ...out };
}
