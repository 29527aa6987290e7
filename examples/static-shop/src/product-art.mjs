/**
 * The product pictures, drawn as inline SVG so the shop ships no image files.
 * Each returns a square 240×240 drawing on a soft background.
 */

/** @param {string} bg @param {string} body */
const frame = (bg, body) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" role="img" aria-hidden="true">` +
  `<rect width="240" height="240" fill="${bg}"/>` +
  `<ellipse cx="120" cy="206" rx="78" ry="10" fill="#000" opacity=".08"/>${body}</svg>`;

/** A leaf pointing up-right at (x, y). @param {number} x @param {number} y @param {number} r @param {string} c */
const leaf = (x, y, r, c) =>
  `<g transform="translate(${x} ${y}) rotate(${r})"><path d="M0 0C10-22 34-26 44-24C40-10 24 8 0 0Z" fill="${c}"/>` +
  `<path d="M0 0C14-8 28-16 42-23" stroke="#fff" stroke-opacity=".45" stroke-width="1.5" fill="none"/></g>`;

/** A tea tin with a label. @param {string} tin @param {string} lid @param {string} label @param {string} mark */
const tin = (tin, lid, label, mark) =>
  `<rect x="72" y="70" width="96" height="134" rx="10" fill="${tin}"/>` +
  `<rect x="66" y="56" width="108" height="26" rx="8" fill="${lid}"/>` +
  `<rect x="84" y="104" width="72" height="72" rx="6" fill="${label}"/>` +
  `<text x="120" y="152" font-size="36" text-anchor="middle" fill="${tin}" font-family="serif">${mark}</text>`;

/** A standing pouch. @param {string} c @param {string} band @param {string} mark */
const pouch = (c, band, mark) =>
  `<path d="M70 64h100l8 138H62Z" fill="${c}"/><rect x="70" y="56" width="100" height="14" rx="3" fill="${band}"/>` +
  `<circle cx="120" cy="132" r="30" fill="#fff" opacity=".9"/>` +
  `<text x="120" y="145" font-size="34" text-anchor="middle" fill="${c}" font-family="serif">${mark}</text>`;

/** Art by product sku. @type {Record<string, string>} */
export const productArt = {
  'TEA-LJ-50': frame('#e6f2e1', tin('#4f7f4a', '#2f5a2c', '#f6f0dc', '龙') + leaf(150, 78, -20, '#7fb069') + leaf(160, 86, 20, '#5f9a4c')),
  'TEA-TGY-100': frame('#f1ede2', pouch('#3e6d5e', '#c8a654', '铁') + leaf(44, 190, -60, '#5b8a5a')),
  'TEA-PE-357':
    frame(
      '#f3e9df',
      `<ellipse cx="120" cy="140" rx="82" ry="58" fill="#7a4b2a"/><ellipse cx="120" cy="130" rx="82" ry="58" fill="#efe2c8"/>` +
        `<ellipse cx="120" cy="130" rx="26" ry="18" fill="#d7c39c"/>` +
        `<path d="M60 118q60-30 120 0M66 146q54 24 108 0" stroke="#b6552f" stroke-width="3" fill="none"/>` +
        `<text x="120" y="140" font-size="26" text-anchor="middle" fill="#7a4b2a" font-family="serif">普洱</text>`,
    ),
  'TEA-JAS-80':
    frame(
      '#eef1f8',
      tin('#5d6fa8', '#3c4b80', '#fdfaf2', '茉') +
        [0, 72, 144, 216, 288].map((a) => `<ellipse cx="170" cy="66" rx="7" ry="15" fill="#fff" transform="rotate(${a} 170 80)"/>`).join('') +
        `<circle cx="170" cy="80" r="5" fill="#f2d36b"/>`,
    ),
  'TEA-BMD-100': frame('#f6f4ee', pouch('#a7a294', '#6f6a5c', '白') + leaf(40, 80, 10, '#c9d6b8') + leaf(170, 196, -80, '#b4c59e')),
  'WARE-GAIWAN':
    frame(
      '#e4efee',
      `<ellipse cx="120" cy="182" rx="70" ry="14" fill="#8fb8ad"/>` +
        `<path d="M66 112h108c-4 42-26 64-54 64s-50-22-54-64Z" fill="#a9d0c5"/>` +
        `<path d="M70 110c10-22 90-22 100 0Z" fill="#8fb8ad"/><circle cx="120" cy="88" r="9" fill="#6e9a8e"/>` +
        `<path d="M84 136q36 14 72 0" stroke="#fff" stroke-opacity=".6" stroke-width="3" fill="none"/>`,
    ),
  'WARE-TRAVEL':
    frame(
      '#f2ece4',
      `<rect x="40" y="96" width="160" height="96" rx="14" fill="#8c5a3c"/><rect x="40" y="96" width="160" height="22" rx="10" fill="#70452c"/>` +
        `<rect x="108" y="106" width="24" height="10" rx="3" fill="#d9b26a"/>` +
        `<path d="M58 62h36l-4 30H62Z" fill="#fff"/><path d="M104 54h36l-4 38h-28Z" fill="#f3efe6"/><path d="M150 62h36l-4 30h-28Z" fill="#fff"/>` +
        `<path d="M62 70h28M108 62h28M154 70h28" stroke="#c9a46a" stroke-width="3"/>`,
    ),
  'GIFT-SAMPLER':
    frame(
      '#f7e8e6',
      `<rect x="52" y="96" width="136" height="102" rx="8" fill="#b8333a"/><rect x="46" y="78" width="148" height="28" rx="6" fill="#9c2a30"/>` +
        `<rect x="112" y="78" width="16" height="120" fill="#e8c15a"/>` +
        `<path d="M120 78c-30-34-52-8-30 0M120 78c30-34 52-8 30 0" stroke="#e8c15a" stroke-width="8" fill="none" stroke-linecap="round"/>` +
        `<text x="84" y="160" font-size="22" text-anchor="middle" fill="#f6dba0" font-family="serif">四季</text>`,
    ),
};

/** A neutral picture for a sku without art. */
export const fallbackArt = frame('#eee', '<circle cx="120" cy="120" r="40" fill="#ccc"/>');
