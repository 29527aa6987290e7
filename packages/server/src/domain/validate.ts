import type { z } from 'zod';
import { DomainError } from './errors';

/**
 * Input a schema refused, raised by a service that validates what it is
 * given; the routes' error handler answers it as they answer their own
 * validation (http/errors.ts `validationError`: 422 `validation_failed` with
 * every issue, or the code a schema issue names).
 */
export class InvalidInput extends DomainError {
  override name = 'InvalidInput';
  constructor(readonly zodError: z.ZodError) {
    super('invalid', 'validation_failed', zodError.message, zodError.issues);
  }
}

/** Parses `data` with `schema`, or throws {@link InvalidInput}. */
export function parseInput<T extends z.ZodType>(schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data);
  if (!result.success) throw new InvalidInput(result.error);
  return result.data;
}
