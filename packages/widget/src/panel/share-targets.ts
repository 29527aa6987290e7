/** Where a link is shared, by the visitor's region and browser; plain share URLs, no third-party scripts. */

/** Whether the page runs in WeChat's in-app browser (its user agent says `MicroMessenger`). */
export const isWeChat = (userAgent: string): boolean => /MicroMessenger/i.test(userAgent);

/** Whether the browser is a phone's or a tablet's (where a QR code on screen cannot be scanned by the same device). */
export const isMobile = (userAgent: string): boolean => /Mobi|Android|iPhone|iPad|HarmonyOS/i.test(userAgent);

/**
 * `cn` where people share through WeChat, Weibo and QQ (the panel in Chinese, or
 * a mainland Chinese browser), `global` elsewhere (zh-TW and zh-HK included:
 * LINE, WhatsApp and Facebook are used there).
 */
export const shareRegion = (requested: string | undefined, language: string | undefined): 'cn' | 'global' =>
  /^zh(-(CN|SG|Hans)\b|$)/i.test(requested || language || '') ? 'cn' : 'global';

/** The share sites of a region, as `[name, href]`; `email` is the label of the e-mail link. */
export const shareLinks = (region: 'cn' | 'global', url: string, text: string, image: string | undefined, email: string): [string, string][] => {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(text);
  const pic = image ? encodeURIComponent(image) : '';
  return region == 'cn'
    ? [
        ['weibo', `https://service.weibo.com/share/share.php?url=${u}&title=${t}&pic=${pic}`],
        ['qq', `https://connect.qq.com/widget/shareqq/index.html?url=${u}&title=${t}&pics=${pic}`],
      ]
    : [
        ['WhatsApp', `https://wa.me/?text=${encodeURIComponent(`${text} ${url}`)}`],
        ['Telegram', `https://t.me/share/url?url=${u}&text=${t}`],
        ['X', `https://x.com/intent/post?url=${u}&text=${t}`],
        ['Facebook', `https://www.facebook.com/sharer/sharer.php?u=${u}`],
        ['LINE', `https://social-plugins.line.me/lineit/share?url=${u}`],
        [email, `mailto:?subject=${t}&body=${encodeURIComponent(`${text} ${url}`)}`],
      ];
};

/**
 * `href` with the referral parameter set to `code` (other parameters kept,
 * any earlier referral parameter and the invitation flag replaced).
 */
export const withReferral = (href: string, code: string, params: readonly string[] = ['ref', 'via']): string => {
  try {
    const u = new URL(href);
    for (const p of params) u.searchParams.delete(p);
    u.searchParams.delete('tt_invite');
    u.searchParams.set(params[0] || 'ref', code);
    return u.href;
  } catch {
    return href;
  }
};
