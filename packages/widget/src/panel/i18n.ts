/**
 * The panel's words in English and Simplified Chinese. Each chunk has its own
 * dictionary (a lazy chunk brings its words with it); the Chinese strings are a
 * list in the order of the English keys, so the keys ship once.
 */

/** The languages of the panel. */
export type Locale = 'en' | 'zh-CN';

/** A translation function: `t('invitedBy', { name })`; `{var}` placeholders are replaced as text. */
export type Translate<K extends string = string> = (key: K, vars?: Record<string, string | number>) => string;

/** A dictionary: the translation function for a locale, and how many Chinese strings are missing (for a test). */
export interface Dictionary<K extends string> {
  (locale: Locale): Translate<K>;
  missing: number;
}

/** Makes a dictionary from the English strings and the Chinese ones in the order of the English keys. */
export const strings = <K extends string>(en: Record<K, string>, zh: string[]): Dictionary<K> => {
  const keys = Object.keys(en) as K[];
  const dictionary = (locale: Locale): Translate<K> => (key, vars = {}) =>
    (locale == 'zh-CN' ? zh[keys.indexOf(key)]! : en[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
  dictionary.missing = keys.length - zh.length;
  return dictionary;
};

/** `zh-CN` for any Chinese locale, else `en`. */
export const pickLocale = (requested: string | undefined, browser: string | undefined): Locale =>
  /^zh/i.test(requested || browser || '') ? 'zh-CN' : 'en';

/** The words of the panel's first paint: the launcher, the invitation, joining and sharing. */
export const panelText = strings(
  {
    title: 'Share & earn',
    close: 'Close',
    invitedBy: '{name} invited you',
    welcome: 'Your welcome gift: use code {code} at checkout.',
    invitedText: 'Your purchases support them, at no cost to you.',
    joinTitle: 'Become a distributor',
    joinText: 'Earn a commission on every sale you bring. Joining is free: never a fee, purchase or deposit.',
    joinTerms: 'I accept the terms: commissions come only from real product sales, at most two levels.',
    joinButton: 'Join for free',
    inviteCode: 'Invite code (optional)',
    inviteCodeHint: 'The code of the friend who invited you, if they told you one.',
    inviteCodeFound: 'Invited by {name}',
    inviteCodeUnknown: 'No distributor has the code {code}.',
    pendingApproval: 'Thanks! The shop will review it.',
    tabShare: 'Share',
    tabEarnings: 'Earnings',
    tabTeam: 'Team',
    loading: 'Loading…',
    linkShop: 'Your link to the shop',
    linkPage: 'Your link to this page',
    linkProduct: 'Your link to {name}',
    copy: 'Copy',
    copied: 'Copied',
    qrLabel: 'QR code of your link',
    scanDesktop: 'Scan with your phone to share it from there.',
    poster: 'Save poster',
    posterShop: 'Save the shop poster',
    posterMaking: 'Drawing the poster…',
    posterHold: 'Press and hold the poster to save it, then send it to a chat or Moments.',
    posterDone: 'Poster saved to your downloads.',
    posterAlt: 'Share poster: {name}',
    posterFailed: 'The poster could not be drawn on this page.',
    pickProduct: 'Share another product',
    wechatHint: 'Tap ··· at the top right, then “Send to chat” or “Share to Moments”.',
    wechatCard: 'Your friends will see:',
    wechatCopy: 'Link copied: open WeChat and paste it to a friend.',
    openWechat: 'Open WeChat',
    shareNative: 'Share…',
    shareWith: 'Share with',
    wechat: 'WeChat',
    qq: 'QQ',
    weibo: 'Weibo',
    copyLink: 'Copy link',
    email: 'Email',
    error: 'Something went wrong: {message}',
    shareText: 'Have a look at this:',
    sharedBy: 'Shared by {name}',
    scan: 'Scan to open',
  },
  [
    '分享赚佣金',
    '关闭',
    '{name} 邀请了你',
    '新人礼：结账时使用优惠码 {code}。',
    '你的购买会支持 TA，你无需多付任何费用。',
    '成为推广员',
    '每带来一笔销售都能获得佣金。加入免费：不收任何费用、不要求购买、不需押金。',
    '我同意条款：佣金只来自真实商品销售，最多两级。',
    '免费加入',
    '邀请码（选填）',
    '朋友告诉你的邀请码，没有可不填。',
    '邀请人：{name}',
    '没有推广员使用邀请码 {code}。',
    '谢谢！商家将审核。',
    '分享',
    '收益',
    '团队',
    '加载中…',
    '你的店铺推广链接',
    '你的本页推广链接',
    '你的「{name}」推广链接',
    '复制',
    '已复制',
    '推广链接二维码',
    '用手机扫码，在手机上分享。',
    '保存海报',
    '保存店铺海报',
    '正在生成海报…',
    '长按海报保存到相册，再发给朋友或朋友圈。',
    '海报已保存到下载文件夹。',
    '分享海报：{name}',
    '本页无法生成海报。',
    '分享其他商品',
    '点右上角 ··· 分享给朋友 / 朋友圈',
    '朋友看到的分享卡片：',
    '链接已复制：打开微信，粘贴发给朋友。',
    '打开微信',
    '分享…',
    '分享到',
    '微信',
    'QQ',
    '微博',
    '复制链接',
    '邮件',
    '出错了：{message}',
    '推荐给你：',
    '{name} 推荐',
    '扫码查看',
  ],
);

/** The panel's translation function. */
export type PanelTranslate = Translate<Parameters<ReturnType<typeof panelText>>[0]>;
