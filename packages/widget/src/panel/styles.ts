/**
 * The panel's stylesheet, scoped by its shadow root. `:host` resets everything
 * the page could pass down (`* { all: unset }`, huge fonts) with `!important`,
 * which beats the page's own rules for the host. Theme by setting `--a` (accent), `--b` (background), `--c` (text) on the host.
 */
export const css = `
:host{all:initial!important;display:block!important;font:15px/1.45 system-ui,sans-serif!important;color:var(--c)!important;--a:#c2410c;--af:#fff;--b:#fff;--c:#1f2328;--m:#5b636d;--l:#d8dde3;--s:#f4f5f7}
:host([data-launcher]){position:fixed!important;right:16px!important;bottom:16px!important;z-index:2147483000!important}
@media (prefers-color-scheme:dark){:host{--b:#1c1f24;--c:#eef1f4;--m:#a8b0ba;--l:#3a4049;--s:#262a31;--a:#ff8a4c;--af:#1c1f24}}
*{box-sizing:border-box;font:inherit;color:inherit;margin:0}
.launch,.btn,.x,.tab{border:1px solid var(--l);border-radius:8px;padding:8px 12px;background:var(--b);cursor:pointer;text-decoration:none;white-space:nowrap}
.launch,.primary{background:var(--a);border-color:var(--a);color:var(--af);font-weight:650}
.launch{border-radius:99px;padding:10px 18px;box-shadow:0 4px 16px #0003;max-width:calc(100vw - 32px);overflow:hidden;text-overflow:ellipsis}
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
.qr{display:block;width:168px;height:168px;margin:8px auto;background:#fff}
.targets{display:flex;flex-wrap:wrap;gap:6px}
.cards{display:grid;grid-template-columns:1fr 1fr;gap:8px}
.card,.note{border-radius:10px;padding:10px;background:var(--s)}
.card b{display:block;font-size:18px}
ul{list-style:none;padding:0}
li{border-bottom:1px solid var(--l);padding:8px 0}
.amt{font-weight:650;float:right}
details{font-size:13px;color:var(--m)}
label{display:flex;gap:8px;margin:10px 0}
[type=checkbox]{flex:none;width:18px;height:18px;accent-color:var(--a)}
.poster{display:block;width:100%;max-width:300px;margin:8px auto}
[role=alert]{color:#b42318}
.center{justify-content:center;text-align:center}
.wrap{flex-wrap:wrap}
`;
