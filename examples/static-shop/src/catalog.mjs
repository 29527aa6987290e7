import { productArt, fallbackArt } from './product-art.mjs';

/**
 * The shop's catalogue. Prices are integer fen. `category` is what the
 * distribution program's rules can match (e.g. a lower rate on teaware).
 *
 * @typedef {{ sku: string, slug: string, name: string, nameZh: string, category: 'tea' | 'teaware' | 'gift',
 *   price: number, weight: string, summary: string, description: string }} Product
 */

/** @type {readonly Product[]} */
export const products = Object.freeze([
  { sku: 'TEA-LJ-50', slug: 'west-lake-longjing', name: 'West Lake Longjing', nameZh: '西湖龙井', category: 'tea', price: 16_800, weight: '50 g tin',
    summary: 'Pan-fired spring green tea, chestnut-sweet and bright.',
    description: 'Picked before Qingming on the hills around West Lake and pan-fired by hand into flat, jade leaves. Brew at 80 °C in a glass or gaiwan; the leaves give four bright infusions.' },
  { sku: 'TEA-TGY-100', slug: 'anxi-tieguanyin', name: 'Anxi Tieguanyin', nameZh: '安溪铁观音', category: 'tea', price: 12_800, weight: '100 g pouch',
    summary: 'Rolled oolong with an orchid nose and a long, creamy finish.',
    description: 'Lightly oxidised, tightly rolled oolong from Anxi, Fujian. Rinse once, then brew short infusions with boiling water — seven or more before it fades.' },
  { sku: 'TEA-PE-357', slug: 'yunnan-puer-cake', name: "Yunnan Pu'er Cake", nameZh: '云南普洱饼', category: 'tea', price: 19_800, weight: '357 g cake',
    summary: 'Ripe pu\u2019er pressed in the classic 357 g cake. Earthy, smooth, deep.',
    description: 'Large-leaf Menghai material, fermented and pressed in 2021. Break off 7 g, rinse twice and brew with boiling water; it keeps for years in a dry, airy place.' },
  { sku: 'TEA-JAS-80', slug: 'fuzhou-jasmine', name: 'Fuzhou Jasmine', nameZh: '福州茉莉花茶', category: 'tea', price: 6_850, weight: '80 g tin',
    summary: 'Green tea scented seven times with fresh jasmine blossoms.',
    description: 'Summer jasmine laid over spring green tea, night after night, until the leaf holds the flower. Brew at 85 °C; lovely iced.' },
  { sku: 'TEA-BMD-100', slug: 'fuding-white-peony', name: 'Fuding White Peony', nameZh: '福鼎白牡丹', category: 'tea', price: 9_800, weight: '100 g pouch',
    summary: 'Sun-withered white tea: honey, hay and a soft sweetness.',
    description: 'One bud and two leaves, withered in the sun and nothing more. Forgiving to brew — 90 °C, long infusions — and it grows sweeter with age.' },
  { sku: 'WARE-GAIWAN', slug: 'celadon-gaiwan', name: 'Celadon Gaiwan', nameZh: '青瓷盖碗', category: 'teaware', price: 8_800, weight: '150 ml',
    summary: 'Lidded bowl in Longquan celadon, the everyday brewer.',
    description: 'Thin-walled celadon that pours cleanly and keeps the heat even. Bowl, lid and saucer; dishwasher safe.' },
  { sku: 'WARE-TRAVEL', slug: 'travel-tea-set', name: 'Travel Tea Set', nameZh: '便携旅行茶具', category: 'teaware', price: 15_900, weight: '1 pot, 3 cups',
    summary: 'A quick-brew pot and three cups in a padded leather case.',
    description: 'Porcelain quick-brew pot with a built-in strainer and three cups, packed in a case that fits a backpack. Tea for three on any hill.' },
  { sku: 'GIFT-SAMPLER', slug: 'four-seasons-sampler', name: 'Four Seasons Sampler', nameZh: '四季品鉴礼盒', category: 'gift', price: 26_800, weight: '4 × 25 g',
    summary: 'Green, oolong, white and ripe pu\u2019er in a red gift box.',
    description: 'A season in each tin: Longjing for spring, jasmine for summer, Tieguanyin for autumn and pu\u2019er for winter, with a brewing card in Chinese and English.' },
]);

const bySku = new Map(products.map((p) => [p.sku, p]));
const bySlug = new Map(products.map((p) => [p.slug, p]));

/** @param {string} sku @returns {Product | undefined} */
export const findProduct = (sku) => bySku.get(sku);

/** @param {string} slug @returns {Product | undefined} */
export const findProductBySlug = (slug) => bySlug.get(slug);

/** The SVG picture of a product. @param {string} sku */
export const artFor = (sku) => productArt[sku] ?? fallbackArt;

/** Display names of the categories. */
export const categoryNames = Object.freeze({ tea: 'Tea', teaware: 'Teaware', gift: 'Gifts' });
