import { html } from './html';
import type { QrCode } from '@twotier/core';

/** The path of a QR symbol's dark modules, one unit square each, offset by a 4-module quiet zone. */
export const qrPath = (qr: QrCode): string => {
  let d = '';
  qr.modules.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x + 4} ${y + 4}h1v1h-1z`)));
  return d;
};

/** The QR code as an inline SVG element (built as DOM, never as markup text). */
export const QrSvg = ({ qr, label }: { qr: QrCode; label: string }) => html`
  <svg class="qr" role="img" aria-label=${label} viewBox=${`0 0 ${qr.size + 8} ${qr.size + 8}`} shape-rendering="crispEdges">
    <path d=${qrPath(qr)} fill="#000" />
  </svg>
`;
