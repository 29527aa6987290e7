import { useMemo, useState } from 'preact/hooks';
import type { ViewProps } from '../context';
import { html } from '../html';
import { encodeQr } from '../qr';
import { QrSvg } from '../qr-svg';
import { shareTargets, withReferral } from '../share-targets';

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

/** The distributor's links, copy buttons, QR code, poster, native share and share targets. */
export const ShareView = ({ t, win, me }: ViewProps) => {
  const code = me.distributor!.code;
  const shopLink = me.links[0] || withReferral(win.location.origin + '/', code);
  const pageLink = withReferral(win.location.href, code);
  const qr = useMemo(() => encodeQr(pageLink), [pageLink]);
  const [poster, setPoster] = useState<string | null>(null);
  const name = me.distributor!.name || me.user.name || code;
  const title = win.document.title;
  const text = `${t('shareText')} ${title}`;
  const nav = win.navigator as Navigator & { share?: Navigator['share'] };

  const makePoster = async () => {
    if (!qr) return;
    // The canvas code is its own chunk, fetched on the first click.
    const { drawPoster } = await import('../poster');
    setPoster(await drawPoster(win, { qr, sharedBy: t('sharedBy', { name }), scan: t('scan') }));
  };

  return html`
    <${CopyRow} label=${t('linkShop')} url=${shopLink} t=${t} win=${win} />
    <${CopyRow} label=${t('linkPage')} url=${pageLink} t=${t} win=${win} />
    ${qr && html`<${QrSvg} qr=${qr} label=${t('qrLabel')} /><p class="muted center">${t('wechat')}</p>`}
    <div class="row center wrap">
      ${nav.share && html`<button class="btn primary" type="button" onClick=${() => nav.share!({ title, text, url: pageLink }).catch(() => {})}>${t('shareNative')}</button>`}
      <button class="btn" type="button" onClick=${makePoster}>${t('poster')}</button>
    </div>
    ${poster &&
    html`<img class="poster" src=${poster} alt=${t('poster')} /><p class="muted">${t('posterHint')}</p>
      <div class="row center"><a class="btn" href=${poster} download="poster.png">${t('download')}</a></div>`}
    <h3>${t('shareWith')}</h3>
    <div class="targets">
      ${shareTargets(pageLink, text, { email: t('email'), sms: t('sms') }).map(
        ([label, href]) => html`<a class="btn" key=${label} href=${href} target="_blank" rel="noopener noreferrer">${label}</a>`,
      )}
    </div>
  `;
};
