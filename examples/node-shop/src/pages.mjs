import { products, yuan } from './products.mjs';

/** @param {unknown} s */
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const css = `body{font:16px/1.5 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f7f7f5;color:#222}
main{max-width:760px;margin:0 auto;padding:20px 16px}header{background:#222;color:#fff}header div{max-width:760px;margin:0 auto;padding:12px 16px;display:flex;justify-content:space-between;gap:12px}
header a{color:#fff}.card{background:#fff;border-radius:12px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0001}
.row{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap}input{font:inherit;padding:8px;border:1px solid #ccc;border-radius:8px}
input[type=number]{width:64px}button{font:inherit;padding:10px 16px;border:0;border-radius:8px;background:#1f6f4a;color:#fff;cursor:pointer}
.muted{color:#777}.note{background:#fff7e0;padding:8px 12px;border-radius:8px}code{word-break:break-all}`;

/**
 * The page frame.
 * @param {string} title
 * @param {string} body
 * @param {{ name: string } | null} user
 */
export const page = (title, body, user) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} · Node Shop</title><style>${css}</style></head>
<body><header><div><a href="/"><strong>Node Shop</strong></a><span>${user ? `<a href="/account">${esc(user.name)}</a>` : '<a href="/login">Log in</a>'}</span></div></header>
<main>${body}</main></body></html>`;

/** The three products and the checkout form. @param {{ code: string | null, user: { email: string } | null }} o */
export const homePage = ({ code, user }) => `
<h1>Three good things</h1>
${code ? `<p class="note">You were referred by <strong>${esc(code)}</strong>.</p>` : ''}
<form method="post" action="/checkout">
${products.map((p) => `<div class="card row"><div><strong>${esc(p.name)}</strong><br><span class="muted">${esc(p.blurb)}</span></div>
<label>${yuan(p.price)} × <input type="number" name="qty:${esc(p.sku)}" min="0" max="99" value="0"></label></div>`).join('')}
<div class="card row"><label>Email <input type="email" name="email" required value="${esc(user?.email ?? '')}"></label><button type="submit">Pay (simulated)</button></div>
</form>`;

/** After payment: the order and what twotier answered. */
export const thanksPage = (/** @type {{ id: string, total: number, commissions: { level: number, amount: number }[], refunded: number }} */ o) => `
<div class="card"><h1>Thank you!</h1><p>Order <strong>${esc(o.id)}</strong>, ${yuan(o.total)}, is paid.</p>
<p class="muted">${o.commissions.length ? `Commissions recorded: ${o.commissions.map((c) => `L${c.level} ${yuan(c.amount)}`).join(', ')}.` : 'No referral: an organic order.'}</p>
${o.refunded < o.total ? `<form method="post" action="/orders/${esc(o.id)}/refund" class="row"><label>Refund ¥ <input name="amount" inputmode="decimal" value="${yuan(o.total - o.refunded).slice(1)}"></label><button>Refund (staff)</button></form>` : '<p>Refunded in full.</p>'}
${o.refunded ? `<p class="muted">Refunded so far: ${yuan(o.refunded)}.</p>` : ''}</div>`;

/** Log in with a name and email. */
export const loginPage = () => `<div class="card"><h1>Log in</h1><form method="post" action="/login">
<p><label>Name <input name="name" required></label></p><p><label>Email <input type="email" name="email" required></label></p><button>Log in</button></form></div>`;

/**
 * The distributor view, rendered on the server from the SDK's `me` calls.
 * @param {{ user: { name: string }, me: import('@twotier/sdk').MeResponse | null, error?: string }} o
 */
export const accountPage = ({ user, me, error }) => `
<h1>Hello, ${esc(user.name)}</h1>
${error ? `<p class="note">${esc(error)}</p>` : ''}
${me?.distributor
  ? `<div class="card"><h2>Your referral link</h2>${me.links.map((l) => `<p><code>${esc(l)}</code></p>`).join('')}
<p>Code <strong>${esc(me.distributor.code)}</strong>${me.balance ? ` · pending ${yuan(me.balance.pending)} · available ${yuan(me.balance.available)} · paid ${yuan(me.balance.paid)}` : ''}</p></div>`
  : me
    ? `<div class="card"><h2>Share and earn</h2><p>Become a distributor: share your link, earn on the sales it brings. It is free and always will be.</p>
<form method="post" action="/account/join"><button>Join for free</button></form></div>`
    : ''}
<form method="post" action="/logout"><button>Log out</button></form>`;
