import { useEffect, useState } from 'preact/hooks';
import type { ViewProps } from '../context';
import { html } from '../html';
import { Lazy } from '../lazy';
import { isMobile, isWeChat, shareLinks, shareRegion, withReferral } from '../share-targets';

const noop = () => {};

/** A link with its copy button. */
export const CopyRow = ({ label, url, t, win }: { label: string; url: string; t: ViewProps['t']; win: Window }) => {
  const [copied, setCopied] = useState(false);
  const copy = () => win.navigator.clipboard?.writeText(url).then(() => setCopied(true), noop);
  return html`
    <h3>${label}</h3>
    <div class="row">
      <output class="link" aria-label=${label}>${url}</output>
      <button class="btn" type="button" onClick=${copy} aria-live="polite">${copied ? t('copied') : t('copy')}</button>
    </div>
  `;
};

/** Whether the page is one of the visitor's own (account, cart, checkout, orders, login): the shop's link is shared instead. */
export const isPrivatePage = (path: string): boolean =>
  /\/(account|my-account|customer|user|profile|member|login|signin|register|cart|basket|bag|checkout|orders?|wishlist)(\/|$|\.)/i.test(path);

/**
 * What WeChat's ··· menu shares is the page's address: it is set to the
 * distributor's link, and a shop with an Official Account (the JS-SDK
 * configured on its page) gets the share card set through it too, or through
 * its own listener of the `twotier:share` event.
 */
const useWeChatShare = (win: Window, share: { title: string; desc: string; link: string; imgUrl?: string } | null) =>
  useEffect(() => {
    if (!share) return;
    try {
      if (win.location.href != share.link) win.history.replaceState(win.history.state, '', share.link);
    } catch {}
    const wx = (win as { wx?: { ready(f: () => void): void; updateAppMessageShareData?(d: object): void; updateTimelineShareData?(d: object): void } }).wx;
    if (wx?.updateAppMessageShareData) {
      wx.ready(() => {
        wx.updateAppMessageShareData!({ ...share, success: noop });
        wx.updateTimelineShareData?.({ title: share.title, link: share.link, imgUrl: share.imgUrl, success: noop });
      });
    }
    win.dispatchEvent(new (win as unknown as { CustomEvent: typeof CustomEvent }).CustomEvent('twotier:share', { detail: share }));
  }, [share?.link]);

/**
 * The distributor's links and how to share them: the poster first, then the
 * ways people share where they are: in WeChat its own menu (with a hint), in
 * mainland Chinese browsers WeChat, Weibo, QQ and the link, elsewhere the
 * system share sheet, WhatsApp, Telegram, X, Facebook, LINE and e-mail. A QR
 * code on a computer's screen, for a phone to scan; never on a phone's own.
 */
export const ShareView = (props: ViewProps) => {
  const { t, win, me, ctx } = props;
  const doc = win.document;
  const ua = win.navigator.userAgent;
  const wechat = isWeChat(ua);
  const mobile = wechat || isMobile(ua);
  const region = wechat ? 'cn' : shareRegion(ctx.script.dataset.locale, win.navigator.language);
  const code = me.distributor!.code;
  const shopLink = me.links[0] || withReferral(win.location.origin + '/', code);
  // On an account or cart page, "this page" is the shop.
  const own = isPrivatePage(win.location.pathname);
  const pageLink = own ? shopLink : withReferral(win.location.href, code, ctx.params);
  const name = me.distributor!.name || me.user.name || code;
  const title = doc.title;
  const text = `${t('shareText')} ${title}`;
  // The card's picture: og:image, else the page's first sizeable image (what WeChat itself picks).
  const image = doc.querySelector('meta[property="og:image"]')?.getAttribute('content') || [...doc.images].find((i) => i.naturalWidth >= 120)?.src;
  const imgUrl = image ? new URL(image, win.location.href).href : undefined;
  const [note, setNote] = useState<string | null>(null);
  const [picker, setPicker] = useState(false);
  const nonce = ctx.script.nonce;
  const nav = win.navigator as Navigator & { share?: Navigator['share'] };
  useWeChatShare(win, wechat && !own ? { title, desc: t('sharedBy', { name }), link: pageLink, imgUrl } : null);

  const copy = (then: string) => win.navigator.clipboard?.writeText(pageLink).then(() => setNote(then), noop);
  const links = wechat ? [] : shareLinks(region, pageLink, text, imgUrl, t('email'));
  const posterProps = { ...props, link: own ? shopLink : null, shop: own, name };

  return html`
    ${wechat &&
    !own &&
    html`<div class="wx note" role="note">
      <p class="wx-hint"><b>${t('wechatHint')}</b><span class="wx-dots" aria-hidden="true">···</span></p>
      <p class="muted">${t('wechatCard')}</p>
      <div class="wx-card">
        ${imgUrl && html`<img src=${imgUrl} alt="" />`}
        <span><b>${title}</b><span class="muted">${t('sharedBy', { name })}</span></span>
      </div>
    </div>`}
    <${Lazy} load=${() => import('../poster')} props=${posterProps} t=${t} nonce=${nonce} />
    ${!own && html`<button class="btn wide" type="button" aria-expanded=${picker} onClick=${() => setPicker(!picker)}>${t('pickProduct')}</button>`}
    ${picker && html`<${Lazy} load=${() => import('../picker')} props=${props} t=${t} nonce=${nonce} />`}
    <${CopyRow} label=${own ? t('linkShop') : t('linkPage')} url=${pageLink} t=${t} win=${win} />
    ${!own && html`<${CopyRow} label=${t('linkShop')} url=${shopLink} t=${t} win=${win} />`}
    <h3>${t('shareWith')}</h3>
    <div class="targets">
      ${region == 'cn' &&
      !wechat &&
      html`<button class="btn" type="button" onClick=${() => (mobile ? copy(t('wechatCopy')) : setNote(t('scanDesktop')))}>${t('wechat')}</button>`}
      ${links.map(([label, href]) => html`<a class="btn" key=${label} href=${href} target="_blank" rel="noopener noreferrer">${label == 'weibo' || label == 'qq' ? t(label) : label}</a>`)}
      <button class="btn" type="button" onClick=${() => copy(t('copied'))}>${t('copyLink')}</button>
      ${region == 'global' && nav.share && html`<button class="btn" type="button" onClick=${() => nav.share!({ title, text, url: pageLink }).catch(noop)}>${t('shareNative')}</button>`}
    </div>
    ${note &&
    html`<p class="note said" role="status">
      ${note}${mobile && region == 'cn' && !wechat && note == t('wechatCopy') && html`<a class="btn" href="weixin://">${t('openWechat')}</a>`}
    </p>`}
    ${!mobile && html`<${Lazy} load=${() => import('../qrcode')} props=${{ text: pageLink, label: t('qrLabel'), caption: t('scanDesktop') }} t=${t} nonce=${nonce} />`}
  `;
};
