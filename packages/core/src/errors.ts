/**
 * Typed errors of the commission engine. Callers test them with
 * `instanceof` and read `code`; the message is written for a person.
 */

/** Codes a {@link RuleError} may carry. */
export type RuleErrorCode =
  | 'invalid_order'
  | 'invalid_chain'
  | 'invalid_program'
  | 'invalid_input'
  | 'amount_too_large';

/** Codes a {@link RefundError} may carry. */
export type RefundErrorCode =
  | 'invalid_refund'
  | 'unknown_sku'
  | 'too_many_items'
  | 'too_much_money'
  | 'evaluation_mismatch';

/**
 * Thrown when an order, a chain or a program cannot be evaluated as given
 * (a non-integer price, a discount above the line, a number too large to
 * compute exactly). Nothing has been computed or changed.
 *
 * @example
 * try { evaluateCommissions(order, chain, program) }
 * catch (e) { if (e instanceof RuleError) reply(422, e.code, e.message) }
 */
export class RuleError extends Error {
  override name = 'RuleError';
  readonly code: RuleErrorCode;

  constructor(code: RuleErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Thrown when a refund cannot apply to its order: more units of a sku than
 * were bought, more money than was paid, an unknown sku. The caller must
 * record nothing.
 *
 * @example
 * try { reverseCommissions({ order, evaluation, previous, refund }) }
 * catch (e) { if (e instanceof RefundError) reply(422, e.code, e.message) }
 */
export class RefundError extends Error {
  override name = 'RefundError';
  readonly code: RefundErrorCode;

  constructor(code: RefundErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
