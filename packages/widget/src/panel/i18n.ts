/** The panel's words in English and Simplified Chinese, and money formatted with Intl. */

const en = {
  title: 'Share & earn',
  close: 'Close',
  invitedBy: '{name} invited you',
  welcome: 'Your welcome gift: use code {code} at checkout.',
  invitedText: 'Your purchases support them, at no cost to you.',
  joinTitle: 'Become a distributor',
  joinText: 'Earn a commission on every sale you bring. Joining is free: never a fee, purchase or deposit.',
  joinTerms: 'I accept the terms: commissions come only from real product sales, at most two levels.',
  joinButton: 'Join for free',
  pendingApproval: 'Thanks! The shop will review it.',
  tabShare: 'Share',
  tabEarnings: 'Earnings',
  tabTeam: 'Team',
  linkShop: 'Your link to the shop',
  linkPage: 'Your link to this page',
  copy: 'Copy',
  copied: 'Copied',
  qrLabel: 'QR code of your link',
  poster: 'Make a share poster',
  posterHint: 'Long-press to save, then post to WeChat Moments.',
  download: 'Save poster',
  shareNative: 'Share…',
  shareWith: 'Share with',
  wechat: 'WeChat (scan the QR code)',
  email: 'Email',
  sms: 'SMS',
  pending: 'Pending',
  available: 'Available',
  paid: 'Paid',
  inWithdrawal: 'Being paid out',
  recent: 'Recent commissions',
  none: 'Nothing yet.',
  level: 'Level {n}',
  order: 'Order {id}',
  why: 'Why?',
  lineRate: '{sku} × {qty}: {rate} of {base}',
  lineExcluded: '{sku} × {qty}: not eligible',
  perUnit: '{amount} per unit',
  capped: 'Capped at {pct} of the order.',
  reversed: 'Reversed by a refund: {amount}',
  withdraw: 'Withdraw',
  withdrawAmount: 'Amount to withdraw',
  withdrawMin: 'Min. {min}',
  withdrawBelowMin: 'Withdraw from {min}.',
  withdrawBad: 'Enter {min} to {available}.',
  withdrawDone: 'Requested {amount}.',
  recruits: 'Your recruits',
  recruitSales: '{orders} orders · {sales} · you earned {earned}',
  invite: 'Invite friends to share too',
  inviteText: 'Friends who join through it earn you a level-2 commission on their sales, never for joining.',
  error: 'Something went wrong: {message}',
  shareText: 'Have a look at this:',
  sharedBy: 'Shared by {name}',
  scan: 'Scan to open',
};

type Dict = typeof en;

// Simplified Chinese, in the order of `en`'s keys (kept as a list so the keys ship once).
const ZH = [
  '分享赚佣金', // title
  '关闭', // close
  '{name} 邀请了你', // invitedBy
  '新人礼：结账时使用优惠码 {code}。', // welcome
  '你的购买会支持 TA，你无需多付任何费用。', // invitedText
  '成为推广员', // joinTitle
  '每带来一笔销售都能获得佣金。加入免费：不收任何费用、不要求购买、不需押金。', // joinText
  '我同意条款：佣金只来自真实商品销售，最多两级。', // joinTerms
  '免费加入', // joinButton
  '谢谢！商家将审核。', // pendingApproval
  '分享', // tabShare
  '收益', // tabEarnings
  '团队', // tabTeam
  '你的店铺推广链接', // linkShop
  '你的本页推广链接', // linkPage
  '复制', // copy
  '已复制', // copied
  '推广链接二维码', // qrLabel
  '生成分享海报', // poster
  '长按保存，发到朋友圈。', // posterHint
  '保存海报', // download
  '分享…', // shareNative
  '分享到', // shareWith
  '微信（扫描二维码）', // wechat
  '邮件', // email
  '短信', // sms
  '待结算', // pending
  '可提现', // available
  '已提现', // paid
  '提现中', // inWithdrawal
  '最近佣金', // recent
  '暂无记录。', // none
  '{n}级', // level
  '订单 {id}', // order
  '明细', // why
  '{sku} × {qty}：{base} 的 {rate}', // lineRate
  '{sku} × {qty}：不参与分佣', // lineExcluded
  '每件 {amount}', // perUnit
  '已按订单的 {pct} 封顶。', // capped
  '因退款扣回：{amount}', // reversed
  '提现', // withdraw
  '提现金额', // withdrawAmount
  '最低 {min}', // withdrawMin
  '满 {min} 可提现。', // withdrawBelowMin
  '请输入 {min} 到 {available} 之间的金额。', // withdrawBad
  '已申请提现 {amount}。', // withdrawDone
  '我的下级推广员', // recruits
  '{orders} 笔订单 · 销售额 {sales} · 你获得 {earned}', // recruitSales
  '邀请好友一起推广', // invite
  '好友通过此链接加入后，你可从其销售中获得二级佣金（邀请本身无奖励）。', // inviteText
  '出错了：{message}', // error
  '推荐给你：', // shareText
  '{name} 推荐', // sharedBy
  '扫码查看', // scan
];

const zh = Object.fromEntries(Object.keys(en).map((k, i) => [k, ZH[i]])) as Dict;

/** The number of Chinese strings, for a test that they line up with the English keys. */
export const zhCount = (): [number, number] => [ZH.length, Object.keys(en).length];

/** A translation function: `t('launcherInvited', { name })`. */
export type Translate = (key: keyof Dict, vars?: Record<string, string | number>) => string;

/** `zh-CN` for any Chinese locale, else `en`. */
export const pickLocale = (requested: string | undefined, browser: string | undefined): 'en' | 'zh-CN' =>
  /^zh/i.test(requested || browser || '') ? 'zh-CN' : 'en';

/** The translation function for `locale`; `{var}` placeholders are replaced as text. */
export const translator = (locale: 'en' | 'zh-CN'): Translate => {
  const dict = locale == 'zh-CN' ? zh : en;
  return (key, vars = {}) => dict[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
};

/** Fraction digits of `currency` (2 for CNY and USD, 0 for JPY). */
const digitsOf = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/**
 * Formats integer minor units in `currency` with Intl. The decimal string is
 * built with integer arithmetic, so no float ever holds the amount.
 */
export const formatMoney = (minor: number, currency: string, locale: string): string => {
  const d = digitsOf(currency);
  const abs = String(Math.abs(minor)).padStart(d + 1, '0');
  const text = (minor < 0 ? '-' : '') + abs.slice(0, abs.length - d) + (d ? '.' + abs.slice(-d) : '');
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(text as unknown as number);
  } catch {
    return `${text} ${currency}`;
  }
};

/** Parses what a person typed ("12.5", "12,50") into minor units, or `null`. */
export const parseMoney = (text: string, currency: string): number | null => {
  const d = digitsOf(currency);
  const m = new RegExp(`^(\\d{1,12})(?:[.,](\\d{0,${d}}))?$`).exec(text.trim());
  return m ? Number(m[1]) * 10 ** d + Number((m[2] || '').padEnd(d, '0') || 0) : null;
};
