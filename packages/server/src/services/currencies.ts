import { normalizeCurrency } from '@twotier/core';
import type { ShopRecord } from '../context';
import { invalid } from '../domain/errors';

/**
 * The currency a shop accepts, as given (`null` when it does not accept it).
 * Codes are compared upper-cased: the schemas already upper-case them.
 */
export const acceptedCurrency = (shop: Pick<ShopRecord, 'currencies'>, code: string): string | null => {
  const upper = code.trim().toUpperCase();
  return shop.currencies.includes(upper) ? upper : null;
};

/**
 * Refuses money in a currency the shop has not accepted: 422
 * `currency_mismatch`, before anything is written. Every path that records
 * money calls it (orders, refunds, browser conversions, Stripe and the
 * commerce-platform connectors through the order and refund services), so a
 * USD amount can never be counted as the shop's CNY.
 *
 * @example
 * requireAcceptedCurrency(shop, 'USD', 'order o-1'); // throws unless the shop accepts USD
 */
export function requireAcceptedCurrency(shop: Pick<ShopRecord, 'currencies'>, code: string, what: string): string {
  const accepted = acceptedCurrency(shop, code);
  if (accepted !== null) return accepted;
  const iso = normalizeCurrency(code);
  const why = iso === null ? `"${code}" is not an ISO 4217 currency with a minor unit` : `this shop does not accept ${iso}`;
  throw invalid('currency_mismatch', `${what} is in ${code}: ${why} (accepted: ${shop.currencies.join(', ')}); amounts are never converted or counted as another currency`, {
    currency: code,
    accepted: shop.currencies,
  });
}

/**
 * What `PATCH /v1/shop { currencies }` may change: currencies are added,
 * never removed, and the default (the first) never changes, because every
 * stored balance, threshold and amount of the program in the default
 * currency would silently change meaning. A shop that must change its
 * default currency starts a new shop.
 */
export function checkCurrencyChange(shop: Pick<ShopRecord, 'currency' | 'currencies'>, next: readonly string[]): void {
  if (next[0] !== shop.currency) {
    throw invalid('default_currency_fixed', `the default currency is ${shop.currency} and cannot change (stored balances and the program's amounts are in it): list it first`, {
      currency: shop.currency,
    });
  }
  const removed = shop.currencies.filter((c) => !next.includes(c));
  if (removed.length > 0) {
    throw invalid('currency_removed', `${removed.join(', ')} cannot be removed: balances and orders may be in it; currencies are only added`, { removed });
  }
}
