/**
 * The product picker (lazy chunk `picker-<hash>.js`): search the shop's
 * products, from the page's structured data and the list the shop gave
 * (`twotier('products', [...])`, or the URL of a JSON array of them), and get
 * a link and a poster for any of them, not only the page one is on.
 */
import { formatMoney } from '@twotier/core';
import { CopyRow, html, strings, useEffect, useMemo, useState, withReferral, type ViewProps } from './kit';
import PosterView, { css as posterCss } from './poster';
import { readProducts, type Product } from './product';

export const css = `.picker input{width:100%;margin:6px 0}.products{max-height:240px;overflow:auto;margin:6px 0}.products li{padding:0;border:0}
.pick{display:flex;gap:10px;align-items:center;width:100%;border:0;border-bottom:1px solid var(--l);background:none;padding:6px 2px;text-align:left;cursor:pointer}
.pick[aria-pressed=true]{background:var(--s)}.pick img,.pick .ph{width:40px;height:40px;object-fit:cover;border-radius:4px;flex:none;background:var(--s)}
.pname{flex:1;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
${posterCss}`;

const text = strings(
  {
    search: 'Search the shop’s products',
    noMatch: 'No product matches “{q}”.',
    noProducts: 'This page lists no products. The shop can give its list with twotier(\'products\', …).',
  },
  ['搜索店铺商品', '没有与「{q}」匹配的商品。', '本页没有商品列表。商家可以用 twotier(\'products\', …) 提供商品列表。'],
);

/** Up to 30 products whose name or SKU contains every word of `query` (any case). */
export const searchProducts = (list: Product[], query: string): Product[] => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((p) => words.every((w) => `${p.name} ${p.sku || ''}`.toLowerCase().includes(w))).slice(0, 30);
};

const Picker = (props: ViewProps) => {
  const { t, win, me, ctx, locale } = props;
  const tt = text(locale);
  const code = me.distributor!.code;
  const [list, setList] = useState<Product[] | null>(null);
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Product | null>(null);
  useEffect(() => {
    const given = ctx.products;
    const load: Promise<unknown> =
      typeof given == 'string' ? win.fetch(new URL(given, win.location.href).href).then((r) => r.json()) : Promise.resolve(given || []);
    load
      .catch((e) => (ctx.log('products', e), []))
      .then((l) => setList(readProducts(win.document, Array.isArray(l) ? l : [])));
  }, []);
  const found = useMemo(() => searchProducts(list || [], query), [list, query]);
  const name = me.distributor!.name || me.user.name || code;

  return html`<div class="picker">
    <input type="search" aria-label=${tt('search')} placeholder=${tt('search')} value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} />
    ${!list && html`<p class="muted" role="status">${t('loading')}</p>`}
    ${list && !list.length && html`<p class="muted">${tt('noProducts')}</p>`}
    ${list && list.length > 0 && !found.length && html`<p class="muted">${tt('noMatch', { q: query })}</p>`}
    <ul class="products" aria-label=${tt('search')}>
      ${found.map(
        (p) => html`<li key=${p.url}>
          <button class="pick" type="button" aria-pressed=${chosen?.url == p.url} onClick=${() => setChosen(p)}>
            ${p.image ? html`<img src=${p.image} alt="" loading="lazy" />` : html`<span class="ph"></span>`}
            <span class="pname">${p.name}</span>
            ${p.amount !== undefined && p.currency && html`<span class="muted">${formatMoney(p.amount, p.currency, locale)}</span>`}
          </button>
        </li>`,
      )}
    </ul>
    ${chosen &&
    html`<div key=${chosen.url}>
      <${CopyRow} label=${t('linkProduct', { name: chosen.name })} url=${withReferral(chosen.url!, code, ctx.params)} t=${t} win=${win} />
      <${PosterView} ...${props} product=${chosen} link=${null} shop=${false} name=${name} />
    </div>`}
  </div>`;
};

export default Picker;
