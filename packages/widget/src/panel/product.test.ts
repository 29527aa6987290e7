import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { fromShop, readProduct, readProducts, readShopName, toMinorUnits } from './product';

const page = (head: string, body = '', url = 'https://shop.example/products/longjing?v=1') => {
  const w = new Window({ url });
  w.document.head.innerHTML = head;
  w.document.body.innerHTML = body;
  return w.document as unknown as Document;
};
const ld = (v: unknown) => `<script type="application/ld+json">${JSON.stringify(v)}</script>`;

describe('reading the product a page describes', () => {
  it('takes schema.org Product JSON-LD first: name, image, price in minor units, inside @graph', () => {
    const doc = page(
      ld({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebSite', name: 'Lanxi' }, { '@type': 'Product', name: 'Longjing', image: [{ '@type': 'ImageObject', url: '/i/lj.jpg' }], sku: 'lj', offers: [{ '@type': 'Offer', price: '168.00', priceCurrency: 'cny' }] }] }) +
        '<meta property="og:title" content="OG title"><meta property="og:type" content="product"><meta property="product:price:amount" content="1"><meta property="product:price:currency" content="USD">',
    );
    expect(readProduct(doc)).toEqual({ name: 'Longjing', image: 'https://shop.example/i/lj.jpg', amount: 16800, currency: 'CNY', sku: 'lj', url: 'https://shop.example/products/longjing?v=1' });
  });

  it('fills what JSON-LD lacks from Open Graph, then data-twotier-* attributes, then twotier(\'product\'): price and currency together', () => {
    const doc = page(
      ld({ '@type': 'Product', name: 'Longjing', offers: { priceCurrency: 'CNY' } }) + '<meta property="og:type" content="product"><meta property="og:image" content="/og.jpg"><meta property="product:price:amount" content="1,299.00"><meta property="product:price:currency" content="CNY">',
      '<div data-twotier-product data-twotier-image="/attr.jpg" data-twotier-sku="attr-sku"></div>',
    );
    expect(readProduct(doc, { product: { name: 'x', url: '/called', amount: 1 } })).toEqual({
      name: 'Longjing', image: 'https://shop.example/og.jpg', amount: 129900, currency: 'CNY', sku: 'attr-sku', url: 'https://shop.example/called',
    });
  });

  it('uses data-twotier-* attributes and the command where the page publishes nothing', () => {
    const attrs = page('', '<div data-twotier-product="Dian Hong" data-twotier-price="59.5" data-twotier-currency="CNY" data-twotier-url="/dh"></div>');
    expect(readProduct(attrs)).toEqual({ name: 'Dian Hong', amount: 5950, currency: 'CNY', url: 'https://shop.example/dh' });
    const called = page('');
    expect(readProduct(called, { product: { name: 'Jasmine', amount: 6600, currency: 'cny', image: 'https://cdn.example/j.png' } })).toEqual({
      name: 'Jasmine', amount: 6600, currency: 'CNY', image: 'https://cdn.example/j.png', url: 'https://shop.example/products/longjing?v=1',
    });
  });

  it('finds no product on a page that is not a product’s (og:title alone, or a listing of several)', () => {
    expect(readProduct(page('<meta property="og:title" content="Your account · Lanxi Tea">'))).toBeNull();
    expect(readProduct(page(ld({ '@type': 'ItemList', itemListElement: [{ item: { '@type': 'Product', name: 'A', url: '/a' } }, { item: { '@type': 'Product', name: 'B', url: '/b' } }] })))).toBeNull();
  });

  it('never guesses a price: inexact or unknown-currency amounts are left out', () => {
    expect([toMinorUnits('19.999', 'USD'), toMinorUnits('10', 'XXX'), toMinorUnits('1,500', 'JPY'), toMinorUnits('abc', 'CNY')]).toEqual([undefined, undefined, 1500, undefined]);
    expect(fromShop({ name: 'Float', amount: 19.99, currency: 'USD' }, 'https://s.example/')).toEqual({ name: 'Float' });
  });
});

describe('the shop’s products and name', () => {
  it('lists the shop’s own list first, then the page’s JSON-LD products (ItemList items too), once each', () => {
    const doc = page(ld({ '@type': 'ItemList', itemListElement: [{ item: { '@type': 'Product', name: 'A', url: '/a' } }, { item: { '@type': 'Product', name: 'B', url: '/b' } }] }));
    expect(readProducts(doc, [{ name: 'B again', url: '/b' }, { name: 'C', url: 'https://shop.example/c' }, { nope: 1 }]).map((p) => [p.name, p.url])).toEqual([
      ['B again', 'https://shop.example/b'],
      ['C', 'https://shop.example/c'],
      ['A', 'https://shop.example/a'],
    ]);
  });

  it('names the shop from og:site_name, JSON-LD, else the host', () => {
    expect(readShopName(page('<meta property="og:site_name" content="Lanxi Tea">'))).toBe('Lanxi Tea');
    expect(readShopName(page(ld({ '@type': 'Organization', name: 'Lanxi Org' })))).toBe('Lanxi Org');
    expect(readShopName(page(''))).toBe('shop.example');
  });
});
