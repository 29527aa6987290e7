import { describe, expect, it } from 'vitest';
import { parsePosition } from './dialog';
import { isMobile, isWeChat, shareLinks, shareRegion, withReferral } from './share-targets';
import { isPrivatePage } from './views/share';

describe('where and how a link is shared', () => {
  it('knows WeChat’s in-app browser and phones by their user agents', () => {
    const wx = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49 NetType/WIFI Language/zh_CN';
    expect([isWeChat(wx), isMobile(wx), isWeChat('Mozilla/5.0 (X11; Linux x86_64) Chrome/126'), isMobile('Mozilla/5.0 (X11; Linux x86_64) Chrome/126')]).toEqual([true, true, false, false]);
  });

  it('shares through WeChat, Weibo and QQ in mainland Chinese, elsewhere (zh-TW and zh-HK too) through WhatsApp to e-mail', () => {
    expect([shareRegion('zh-CN', 'en-US'), shareRegion(undefined, 'zh-CN'), shareRegion(undefined, 'zh'), shareRegion(undefined, 'zh-TW'), shareRegion(undefined, 'zh-HK'), shareRegion(undefined, 'en-GB')]).toEqual([
      'cn', 'cn', 'cn', 'global', 'global', 'global',
    ]);
    expect(shareLinks('cn', 'https://s.example/?ref=a', 'Look', 'https://s.example/i.jpg', 'Email').map(([n]) => n)).toEqual(['weibo', 'qq']);
    const global = shareLinks('global', 'https://s.example/?ref=a', 'Look', undefined, 'Email');
    expect(global.map(([n]) => n)).toEqual(['WhatsApp', 'Telegram', 'X', 'Facebook', 'LINE', 'Email']);
    expect(new URL(global[0]![1]).searchParams.get('text')).toBe('Look https://s.example/?ref=a');
  });

  it('sets the referral parameter, replacing an earlier one and the invitation flag', () => {
    expect(withReferral('https://s.example/p?ref=bob&tt_invite=1&x=1', 'alice')).toBe('https://s.example/p?x=1&ref=alice');
    expect(withReferral('https://s.example/p?aff=bob', 'alice', ['aff'])).toBe('https://s.example/p?aff=alice');
  });

  it('shares the shop, not the visitor’s own pages', () => {
    expect(['/account', '/my-account/orders', '/cart', '/checkout/x', '/orders/12', '/products/tea', '/account-tips-blog'].map(isPrivatePage)).toEqual([
      true, true, true, true, true, false, false,
    ]);
  });

  it('reads data-position: corner, distances, stay', () => {
    expect(parsePosition()).toEqual({ top: false, left: false, x: 16, y: 16, stay: false });
    expect(parsePosition('bottom-left 12 90')).toEqual({ top: false, left: true, x: 12, y: 90, stay: false });
    expect(parsePosition('top-right 24px stay')).toEqual({ top: true, left: false, x: 24, y: 24, stay: true });
  });
});
