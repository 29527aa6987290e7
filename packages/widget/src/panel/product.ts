/** The product on the current page, from Open Graph / schema.org markup, for the poster. */
export const readProduct = (doc: Document): { title: string; price: string | null; image: string | null } => {
  const meta = (sel: string) => doc.querySelector(sel)?.getAttribute('content') || null;
  const amount = meta('meta[property="product:price:amount"]') || doc.querySelector('[itemprop=price]')?.getAttribute('content') || null;
  const currency = meta('meta[property="product:price:currency"]');
  return {
    title: meta('meta[property="og:title"]') || doc.title || doc.location.hostname,
    price: amount ? `${currency ? currency + ' ' : ''}${amount}` : null,
    image: meta('meta[property="og:image"]'),
  };
};
