import { describe, expect, it } from 'vitest';
import { panelText, pickLocale } from './i18n';
import { parseMoney } from './parse-money';
import { earningsText } from './views/earnings';
import { accountLine, kindsFor, payoutText } from './views/payout';
import { teamText } from './views/team';

describe('i18n', () => {
  it('has a Chinese string for every English key, in every dictionary', () => {
    for (const d of [panelText, earningsText, teamText, payoutText]) expect(d.missing).toBe(0);
    expect(panelText('zh-CN')('joinButton')).toBe('免费加入');
    expect(panelText('zh-CN')('close')).toBe('关闭');
    expect(panelText('zh-CN')('wechatHint')).toBe('点右上角 ··· 分享给朋友 / 朋友圈');
    expect(earningsText('zh-CN')('availableOn', { date: '12月17日' })).toBe('预计 12月17日 可提现');
  });

  it('names a payout account masked, in the distributor’s language, the local services first', () => {
    const alipay = { kind: 'alipay' as const, masked: { account: '138****5678', realName: '*三' } };
    const bank = { kind: 'bank' as const, masked: { accountNumber: '•••• 1234', holderName: 'J*** D**', bankName: 'ICBC' } };
    expect(accountLine(alipay, payoutText('zh-CN'))).toBe('支付宝 138****5678 (*三)');
    expect(accountLine(bank, payoutText('en'))).toBe('Bank card ICBC •••• 1234 (J*** D**)');
    expect(accountLine({ kind: 'paypal', masked: { email: 'a****@example.com' } }, payoutText('en'))).toBe('PayPal a****@example.com');
    expect([kindsFor('zh-CN')[0], kindsFor('en')[0]]).toEqual(['alipay', 'paypal']);
  });

  it('fills placeholders as text', () => {
    expect(panelText('en')('invitedBy', { name: '<b>x</b>' })).toBe('<b>x</b> invited you');
  });

  it('picks zh-CN for any Chinese locale, else English', () => {
    expect([pickLocale(undefined, 'zh-TW'), pickLocale('zh-CN', 'en-US'), pickLocale(undefined, 'fr-FR'), pickLocale('en', 'zh-CN')]).toEqual([
      'zh-CN',
      'zh-CN',
      'en',
      'en',
    ]);
  });

  it('parses typed amounts into minor units in the currency’s ISO 4217 digits and refuses the rest', () => {
    expect([parseMoney('60.5', 'CNY'), parseMoney('60,50', 'EUR'), parseMoney(' 7 ', 'USD'), parseMoney('1500', 'JPY'), parseMoney('1.250', 'KWD')]).toEqual([
      6050, 6050, 700, 1500, 1250,
    ]);
    expect([parseMoney('1.234', 'USD'), parseMoney('-1', 'USD'), parseMoney('1e3', 'USD'), parseMoney('', 'USD'), parseMoney('1.5', 'JPY')]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
