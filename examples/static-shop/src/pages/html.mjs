/**
 * A tagged template for HTML that escapes every interpolated value unless
 * it is already {@link SafeHtml} (another `html` result or {@link raw}).
 * Arrays are joined, `null`/`undefined`/`false` print nothing.
 */

/** Markup that is already safe to print. */
export class SafeHtml {
  /** @param {string} value */
  constructor(value) {
    this.value = value;
  }
  toString() {
    return this.value;
  }
}

/** @param {string} text */
export const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** @param {unknown} value @returns {string} */
const render = (value) => {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
};

/**
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 */
export function html(strings, ...values) {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup (the shop's own SVG drawings). @param {string} markup */
export const raw = (markup) => new SafeHtml(markup);

/**
 * A value for an inline `<script>`: JSON that cannot close the script element.
 * @param {unknown} value
 */
export const scriptJson = (value) =>
  raw(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
