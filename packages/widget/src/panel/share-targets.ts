/** Share URLs (label, href) for Weibo, WhatsApp, Telegram, X, Facebook, LINE, email and SMS; no third-party scripts. */
export const shareTargets = (url: string, text: string, labels: { email: string; sms: string }): [string, string][] => {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(text);
  const both = encodeURIComponent(`${text} ${url}`);
  return [
    ['微博 Weibo', `https://service.weibo.com/share/share.php?url=${u}&title=${t}`],
    ['WhatsApp', `https://wa.me/?text=${both}`],
    ['Telegram', `https://t.me/share/url?url=${u}&text=${t}`],
    ['X', `https://x.com/intent/post?url=${u}&text=${t}`],
    ['Facebook', `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    ['LINE', `https://social-plugins.line.me/lineit/share?url=${u}`],
    [labels.email, `mailto:?subject=${t}&body=${both}`],
    [labels.sms, `sms:?&body=${both}`],
  ];
};

/**
 * `href` with the referral parameter set to `code` (other parameters kept,
 * any earlier referral parameter replaced).
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
