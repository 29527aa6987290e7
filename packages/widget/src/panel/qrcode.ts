/** The QR code of a link on a computer's screen, for a phone to scan (lazy chunk `qrcode-<hash>.js`; phones get the poster instead). */
import { html, useMemo } from './kit';
import { encodeQr } from '@twotier/core';
import { QrSvg } from './qr-svg';

export const css = `.qr{display:block;width:168px;height:168px;margin:8px auto;background:#fff}`;

const QrView = ({ text, label, caption }: { text: string; label: string; caption: string }) => {
  const qr = useMemo(() => encodeQr(text), [text]);
  return qr && html`<${QrSvg} qr=${qr} label=${label} /><p class="muted center">${caption}</p>`;
};

export default QrView;
