import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FREE_SHIPPING_FROM, SHIPPING_FEE, addToCart, normalizeCart, priceCart, setQuantity } from '../src/cart.mjs';
import { findProduct, products } from '../src/catalog.mjs';
import { formatFen, parseYuan } from '../src/money.mjs';

describe('cart', () => {
  it('prices lines in integer fen from the catalogue, with flat shipping under the threshold', () => {
    // 2 × Jasmine ¥68.50 + 1 × Gaiwan ¥88.00 = ¥225.00, over ¥199: free shipping.
    const big = priceCart([{ sku: 'TEA-JAS-80', quantity: 2 }, { sku: 'WARE-GAIWAN', quantity: 1 }], findProduct);
    expect(big.lines.map((l) => l.lineTotal)).toEqual([13_700, 8_800]);
    expect(big).toMatchObject({ subtotal: 22_500, shipping: 0, total: 22_500, count: 3 });
    // 1 × Jasmine ¥68.50 is under ¥199: ¥10 shipping.
    expect(priceCart([{ sku: 'TEA-JAS-80', quantity: 1 }], findProduct)).toMatchObject({ subtotal: 6_850, shipping: SHIPPING_FEE, total: 7_850 });
    expect(priceCart([], findProduct)).toMatchObject({ subtotal: 0, shipping: 0, total: 0 });
  });

  it('charges free shipping exactly from the threshold', () => {
    const at = (subtotal: number) => priceCart([{ sku: 'X', quantity: 1 }], () => ({ sku: 'X', name: 'x', category: 'tea', price: subtotal }));
    expect(at(FREE_SHIPPING_FROM - 1).shipping).toBe(SHIPPING_FEE);
    expect(at(FREE_SHIPPING_FROM).shipping).toBe(0);
  });

  it('drops unknown skus and never trusts prices from the browser', () => {
    const priced = priceCart([{ sku: 'NOPE', quantity: 1 }, { sku: 'TEA-LJ-50', quantity: 1, unitPrice: 1 } as never], findProduct);
    expect(priced.lines).toHaveLength(1);
    expect(priced.lines[0]?.unitPrice).toBe(16_800);
  });

  it('cleans untrusted cart data', () => {
    expect(normalizeCart('nope')).toEqual([]);
    expect(
      normalizeCart([{ sku: 'A', quantity: 2 }, { sku: 'A', quantity: 3 }, { sku: 'B', quantity: 1.5 }, { sku: 'C', quantity: -1 }, null, { sku: 'D', quantity: 500 }]),
    ).toEqual([{ sku: 'A', quantity: 5 }, { sku: 'D', quantity: 99 }]);
  });

  it('adds, steps down and removes lines', () => {
    let cart = addToCart([], 'A', 2);
    cart = addToCart(cart, 'B', 1);
    expect(addToCart(cart, 'A', -1)).toEqual([{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }]);
    expect(addToCart(cart, 'A', -2)).toEqual([{ sku: 'B', quantity: 1 }]);
    expect(setQuantity(cart, 'B', 0)).toEqual([{ sku: 'A', quantity: 2 }]);
  });

  it('keeps total = Σ quantity × unit price + shipping, in safe integers, for any cart', () => {
    const skus = products.map((p) => p.sku);
    fc.assert(
      fc.property(fc.array(fc.record({ sku: fc.constantFrom(...skus, 'UNKNOWN'), quantity: fc.integer({ min: -3, max: 150 }) })), (raw) => {
        const p = priceCart(raw, findProduct);
        const sum = p.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0);
        expect(p.subtotal).toBe(sum);
        expect(p.total).toBe(sum + p.shipping);
        expect(Number.isSafeInteger(p.total)).toBe(true);
        for (const l of p.lines) expect(l.quantity).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('money', () => {
  it('formats fen as yuan without floating point', () => {
    expect(formatFen(16_850)).toBe('¥168.50');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123_456_789)).toBe('¥1,234,567.89');
    expect(formatFen(-250)).toBe('-¥2.50');
    expect(() => formatFen(1.5)).toThrow(TypeError);
  });

  it('parses what an admin types into fen', () => {
    expect(parseYuan('20')).toBe(2000);
    expect(parseYuan('19.9')).toBe(1990);
    expect(parseYuan(' ¥1,299.05 ')).toBe(129_905);
    // 0.1 + 0.2 style input stays exact.
    expect(parseYuan('0.30')).toBe(30);
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '.5']) expect(parseYuan(bad)).toBeNull();
    expect(parseYuan(42)).toBeNull();
  });

  it('round-trips any amount through format and parse', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (fen) => {
      expect(parseYuan(formatFen(fen))).toBe(fen);
    }));
  });
});
