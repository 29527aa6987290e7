/**
 * The panel's stylesheet, scoped by its shadow root. `:host` resets everything
 * the page could pass down (`* { all: unset }`, huge fonts) with `!important`,
 * which beats the page's own rules for the host. Theme by setting `--a` (accent), `--b` (background), `--c` (text) on the host.
 */
export const css = `
:host{all:initial!important;display:block!important;font:15px/1.45 system-ui,sans-serif!important;color:var(--c)!important;--a:#c2410c;--af:#fff;--b:#fff;--c:#1f2328;--m:#5b636d;--l:#d8dde3;--s:#f4f5f7}
:host([data-launcher]){position:fixed!important;left:0!important;top:0!important;width:0!important;height:0!important;z-index:2147483000!important}
@media (prefers-color-scheme:dark){:host{--b:#1c1f24;--c:#eef1f4;--m:#a8b0ba;--l:#3a4049;--s:#262a31;--a:#ff8a4c;--af:#1c1f24}}
*{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.launch,.btn,.x,.tab{border:1px solid var(--l);border-radius:8px;padding:8px 12px;background:var(--b);cursor:pointer;text-decoration:none;white-space:nowrap}
.launch,.primary{background:var(--a);border-color:var(--a);color:var(--af);font-weight:650}
.launch{position:fixed;right:var(--x);bottom:var(--y);border-radius:99px;padding:10px 18px;box-shadow:0 4px 16px #0003;max-width:calc(100vw - 32px);overflow:hidden;text-overflow:ellipsis;transition:opacity .2s}
.launch.l{left:var(--x);right:auto}.launch.t{top:var(--y);bottom:auto}
.launch.pinned{left:0;top:0;right:auto;bottom:auto;transform-origin:0 0}
.launch.away{opacity:0;pointer-events:none}
.sheet,.inline{background:var(--b);border:1px solid var(--l);border-radius:12px}
.sheet{position:fixed;inset:auto 16px 16px auto;margin:0;padding:0;color:var(--c);width:380px;max-width:calc(100vw - 32px);max-height:min(640px,calc(100vh - 32px));overflow:auto;box-shadow:0 12px 40px #0004}
.sheet::backdrop{background:#0002}
@media (max-width:480px){.sheet{inset:auto 0 0;max-width:100%;width:100%;max-height:90vh;border-radius:12px 12px 0 0}}
header{display:flex;align-items:center;justify-content:space-between;padding:12px 16px;border-bottom:1px solid var(--l)}
h2{font-size:17px;font-weight:700}
h3{font-weight:650;margin:14px 0 6px}
.body{padding:12px 16px 16px}
.x,.tab{border:0;font-size:22px;line-height:1;color:var(--m)}
.tabs{display:flex;border-bottom:1px solid var(--l);padding:0 8px}
.tab{font-size:15px;padding:10px;border-radius:0;border-bottom:3px solid transparent}
.tab[aria-selected=true]{color:var(--c);border-color:var(--a);font-weight:650}
.muted{color:var(--m);font-size:13px}
.row{display:flex;gap:8px;align-items:center;margin:6px 0}
.link,input{flex:1;min-width:0;padding:8px 10px;border:1px solid var(--l);border-radius:8px;background:var(--s);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.link{font:13px ui-monospace,monospace}
.btn:disabled{opacity:.5}
:focus-visible{outline:3px solid var(--a);outline-offset:2px}
.targets{display:flex;flex-wrap:wrap;gap:6px}
.card,.note{border-radius:10px;padding:10px;background:var(--s)}
[role=alert],.bad{color:#b42318}
ul{list-style:none;padding:0}
li{border-bottom:1px solid var(--l);padding:8px 0}
label{display:flex;gap:8px;margin:10px 0}
[type=checkbox]{flex:none;width:18px;height:18px;accent-color:var(--a)}
.wide{display:block;width:100%;margin:8px 0;text-align:center}
.field{flex-direction:column;gap:4px;margin:10px 0 2px}
.wx{margin-bottom:8px}.wx-hint{display:flex;justify-content:space-between;gap:8px}.wx-dots{font-weight:700;letter-spacing:1px}
.wx-card{display:flex;gap:10px;align-items:center;background:var(--b);border-radius:8px;padding:8px;margin-top:6px}
.wx-card img{width:56px;height:56px;object-fit:cover;border-radius:4px;flex:none}.wx-card span{display:flex;flex-direction:column;min-width:0}
.center{justify-content:center;text-align:center}
.wrap{flex-wrap:wrap}
.lazy{display:contents}
.said{margin-top:8px}.said .btn{display:inline-block;margin:8px 0 0}
.sheet header{position:sticky;top:0;background:var(--b);z-index:1}
`;

/**
 * Adds `text` to a shadow root's styles: a constructed stylesheet (no
 * style-src exception under a strict CSP), else a `<style>` with the tag's nonce.
 */
export const adoptCss = (root: ShadowRoot, text: string, nonce: string | undefined): void => {
  const w = root.ownerDocument.defaultView as unknown as { CSSStyleSheet: typeof CSSStyleSheet };
  try {
    const sheet = new w.CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    if (nonce) style.nonce = nonce;
    style.textContent = text;
    root.appendChild(style);
  }
};
