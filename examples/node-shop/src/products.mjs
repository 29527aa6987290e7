/**
 * Three products, prices in integer fen. `category` is what the
 * distribution program's rules can match.
 * @typedef {{ sku: string, name: string, category: string, price: number, blurb: string }} Product
 */

/** @type {readonly Product[]} */
export const products = Object.freeze([
  { sku: 'MUG-01', name: 'Stoneware mug', category: 'kitchen', price: 5_900, blurb: 'Hand-thrown, 350 ml, speckled glaze.' },
  { sku: 'BEAN-1KG', name: 'House coffee beans, 1 kg', category: 'coffee', price: 12_800, blurb: 'Yunnan Catimor, medium roast.' },
  { sku: 'KETTLE-GN', name: 'Gooseneck kettle', category: 'kitchen', price: 32_900, blurb: 'Temperature control from 40 to 100 °C.' },
]);

/** @param {string} sku */
export const findProduct = (sku) => products.find((p) => p.sku === sku);

/** `¥123.45` from fen, without floating point. @param {number} fen */
export const yuan = (fen) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
