/**
 * The products a page describes, read from what shops already publish, in
 * this order (a field missing from one source is taken from the next):
 *
 * 1. schema.org `Product` JSON-LD (`<script type="application/ld+json">`,
 *    also inside `@graph`, arrays and `ItemList`s), which most platforms'
 *    themes emit;
 * 2. Open Graph: `og:title`, `og:image`, `og:url`,
 *    `product:price:amount` and `product:price:currency`;
 * 3. `data-twotier-*` attributes on an element marked `data-twotier-product`
 *    (`data-twotier-name`, `-price` as decimal text, `-currency`, `-image`, `-url`, `-sku`);
 * 4. `twotier('product', { name, amount, currency, image, url, sku })`, `amount` in minor units.
 *
 * Prices become integer minor units with core's exact decimal conversion.
 */
import { decimalToMinorUnits } from '@twotier/core';
import type { ShopData, ShopProduct } from '../loader/types';

/** A product as the poster and the picker use it: `amount` in minor units of `currency`. */
export type Product = ShopProduct;

type Json = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v == 'string' ? v.trim() || undefined : typeof v == 'number' ? String(v) : undefined);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const isType = (node: Json, ...types: string[]) => [node['@type']].flat().some((t) => types.includes(String(t)));

/** Decimal text in `currency` → minor units, or `undefined` ("1,299.00" and "39.9" are read; anything inexact is not). */
export const toMinorUnits = (amount: string | undefined, currency: string | undefined): number | undefined => {
  if (!amount || !currency) return undefined;
  try {
    return decimalToMinorUnits(amount.replace(/[\s,](?=\d{3}\b)/g, ''), currency);
  } catch {
    return undefined;
  }
};

/** Every JSON-LD node of the document, flattened (`@graph`, arrays, `ItemList` items). */
const jsonLd = (doc: Document): Json[] => {
  const nodes: Json[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v != 'object') return;
    const node = v as Json;
    nodes.push(node);
    walk(node['@graph']);
    if (isType(node, 'ItemList')) walk((node.itemListElement as unknown[] | undefined)?.map((e) => (e as Json)?.item ?? e));
  };
  doc.querySelectorAll('script[type="application/ld+json"]').forEach((s) => {
    try {
      walk(JSON.parse(s.textContent || ''));
    } catch {}
  });
  return nodes;
};

/** A schema.org Product node as a product (its first offer's price). */
const fromJsonLd = (node: Json, base: string): Product => {
  const offer = first(node.offers) as Json | undefined;
  const spec = first(offer?.priceSpecification) as Json | undefined;
  const currency = text(offer?.priceCurrency ?? spec?.priceCurrency);
  const image = first(node.image);
  const amount = toMinorUnits(text(offer?.price ?? offer?.lowPrice ?? spec?.price), currency);
  return clean({
    name: text(node.name) ?? '',
    url: absolute(text(node.url) ?? text(offer?.url), base),
    image: absolute(text(image) ?? text((image as Json | undefined)?.url), base),
    // A price and its currency always come from the same source.
    amount,
    currency: amount === undefined ? undefined : currency,
    sku: text(node.sku),
  });
};

const absolute = (url: string | undefined, base: string): string | undefined => {
  try {
    return url ? new URL(url, base).href : undefined;
  } catch {
    return undefined;
  }
};

const clean = (p: Product): Product => {
  for (const k of Object.keys(p) as (keyof Product)[]) if (p[k] === undefined) delete p[k];
  return p;
};

/** Field by field, the first source that has it. */
const merge = (...sources: (Partial<Product> | undefined)[]): Product | null => {
  const p: Partial<Product> = {};
  for (const s of sources) for (const [k, v] of Object.entries(s || {})) if (v !== undefined && v !== '' && p[k as keyof Product] === undefined) (p as Json)[k] = v;
  return p.name ? (p as Product) : null;
};

/** Open Graph's product tags. */
const fromOpenGraph = (doc: Document, base: string): Partial<Product> | undefined => {
  const meta = (p: string) => text(doc.querySelector(`meta[property="${p}"]`)?.getAttribute('content'));
  const type = meta('og:type');
  const currency = meta('product:price:currency') ?? meta('og:price:currency');
  const amount = toMinorUnits(meta('product:price:amount') ?? meta('og:price:amount'), currency);
  // og:title is on every page; it names a product only on a product page.
  if (amount === undefined && !/product/i.test(type || '')) return undefined;
  return clean({ name: meta('og:title') ?? '', url: absolute(meta('og:url'), base), image: absolute(meta('og:image'), base), amount, currency: amount === undefined ? undefined : currency });
};

/** The `data-twotier-product` element's attributes. */
const fromAttributes = (doc: Document, base: string): Partial<Product> | undefined => {
  const el = doc.querySelector<HTMLElement>('[data-twotier-product]');
  if (!el) return undefined;
  const d = el.dataset;
  const amount = toMinorUnits(d.twotierPrice, d.twotierCurrency);
  return clean({
    name: text(d.twotierName) ?? text(el.getAttribute('data-twotier-product')) ?? '',
    url: absolute(d.twotierUrl, base),
    image: absolute(d.twotierImage, base),
    amount,
    currency: amount === undefined ? undefined : d.twotierCurrency,
    sku: d.twotierSku,
  });
};

/** A product the shop gave (`twotier('product', …)` or in its list), checked: a name, integer minor units. */
export const fromShop = (p: unknown, base: string): Product | null => {
  if (!p || typeof p != 'object') return null;
  const s = p as Json;
  const name = text(s.name);
  if (!name) return null;
  const amount = typeof s.amount == 'number' && Number.isSafeInteger(s.amount) && s.amount >= 0 ? s.amount : undefined;
  const currency = text(s.currency)?.toUpperCase();
  return clean({ name, url: absolute(text(s.url), base), image: absolute(text(s.image), base), amount: currency ? amount : undefined, currency: amount === undefined ? undefined : currency, sku: text(s.sku) });
};

/** The product this page is about, or `null` on a page that is not a product's. */
export const readProduct = (doc: Document, shop: ShopData = {}): Product | null => {
  const base = doc.location.href;
  const ld = jsonLd(doc).filter((n) => isType(n, 'Product', 'ProductGroup'));
  // A product page describes one product (a listing describes many: then none is "this page's").
  const own = ld.length == 1 ? fromJsonLd(ld[0]!, base) : undefined;
  const product = merge(own, fromOpenGraph(doc, base), fromAttributes(doc, base), fromShop(shop.product, base) ?? undefined);
  if (product && product.amount === undefined) delete product.currency;
  if (product?.currency) product.currency = product.currency.toUpperCase();
  if (product && !product.url) product.url = canonical(doc);
  return product;
};

/** The page's canonical URL (or its own), for a product read from this page. */
const canonical = (doc: Document): string => absolute(text(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')), doc.location.href) ?? doc.location.href;

/** Every product the page lists in JSON-LD, and those the shop gave in `twotier('products', [...])`. */
export const readProducts = (doc: Document, list: unknown[] = []): Product[] => {
  const base = doc.location.href;
  const all = [...list.map((p) => fromShop(p, base)), ...jsonLd(doc).filter((n) => isType(n, 'Product')).map((n) => fromJsonLd(n, base))];
  const seen = new Set<string>();
  return all.filter((p): p is Product => !!p && !!p.name && !!p.url && !seen.has(p.url) && !!seen.add(p.url));
};

/** The shop's name: `og:site_name`, a JSON-LD Organization, Store or WebSite, else the host name. */
export const readShopName = (doc: Document): string =>
  text(doc.querySelector('meta[property="og:site_name"]')?.getAttribute('content')) ??
  text(jsonLd(doc).find((n) => isType(n, 'Organization', 'Store', 'OnlineStore', 'WebSite'))?.name) ??
  doc.location.hostname;
