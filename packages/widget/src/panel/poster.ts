/**
 * The poster (lazy chunk `poster-<hash>.js`): "Save poster" as the main
 * action. In WeChat the poster is shown to be pressed and held (WeChat saves
 * images that way); elsewhere it is also downloaded. A product page gets the
 * product's poster; other pages the shop's.
 */
import { drawPoster } from './draw-poster';
import { html, isWeChat, useMemo, useState, withReferral, type ViewProps } from './kit';
import { readProduct, readShopName, type Product } from './product';
import { encodeQr } from '@twotier/core';

export const css = `.poster{display:block;width:100%;max-width:300px;margin:8px auto;border-radius:8px;box-shadow:0 2px 12px #0002;-webkit-touch-callout:default}`;

/** Props of {@link PosterView}. */
export interface PosterProps extends ViewProps {
  /** A product chosen in the picker; absent: this page's product, if any. */
  product?: Product | null;
  /** The link to draw, when the caller knows it (the shop's on an account page). */
  link: string | null;
  /** Draw the shop's poster, not a product's (account and cart pages). */
  shop: boolean;
  /** Who shares it. */
  name: string;
}

const PosterView = ({ t, win, me, ctx, locale, product: chosen, link, shop, name }: PosterProps) => {
  const doc = win.document;
  const code = me.distributor!.code;
  const product = useMemo(() => (chosen !== undefined ? chosen : shop ? null : readProduct(doc, ctx)), [chosen]);
  const target = link || (product?.url ? withReferral(product.url, code, ctx.params) : me.links[0] || withReferral(win.location.origin + '/', code, ctx.params));
  const [state, setState] = useState<{ url?: string; busy?: boolean; failed?: boolean; saved?: boolean }>({});
  const wechat = isWeChat(win.navigator.userAgent);
  const label = product ? t('poster') : t('posterShop');

  const make = async () => {
    const qr = encodeQr(target);
    setState({ busy: true });
    const image = doc.querySelector('meta[property="og:image"]')?.getAttribute('content');
    const tagline = doc.querySelector('meta[name="description"]')?.getAttribute('content') || undefined;
    const url = qr
      ? await drawPoster(win, {
          product,
          shopName: readShopName(doc),
          image: image ? new URL(image, win.location.href).href : undefined,
          tagline,
          sharedBy: t('sharedBy', { name }),
          scan: t('scan'),
          qr,
          locale,
        })
      : null;
    if (!url) return setState({ failed: true });
    // WeChat saves an image when it is pressed and held; other browsers download it.
    if (!wechat) {
      const a = doc.createElement('a');
      a.href = url;
      a.download = `${(product?.name || readShopName(doc)).replace(/[\\/:*?"<>|]+/g, ' ').slice(0, 60)}.jpg`;
      a.click();
    }
    setState({ url, saved: !wechat });
  };

  return html`
    <button class="btn primary wide" type="button" onClick=${make} disabled=${state.busy}>${state.busy ? t('posterMaking') : label}</button>
    ${state.failed && html`<p role="alert">${t('posterFailed')}</p>`}
    ${state.url &&
    html`<img class="poster" src=${state.url} alt=${t('posterAlt', { name: product?.name || readShopName(doc) })} data-link=${target} />
      <p class="muted center" role="status">${wechat ? t('posterHold') : t('posterDone')}</p>`}
  `;
};

export default PosterView;
