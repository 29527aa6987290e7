import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, pickLocale, translator, zhCount } from './i18n';

describe('i18n', () => {
  it('has a Chinese string for every English key', () => {
    const [zh, en] = zhCount();
    expect(zh).toBe(en);
    expect(translator('zh-CN')('joinButton')).toBe('免费加入');
    expect(translator('zh-CN')('close')).toBe('关闭');
  });

  it('fills placeholders as text', () => {
    expect(translator('en')('invitedBy', { name: '<b>x</b>' })).toBe('<b>x</b> invited you');
  });

  it('picks zh-CN for any Chinese locale, else English', () => {
    expect([pickLocale(undefined, 'zh-TW'), pickLocale('zh-CN', 'en-US'), pickLocale(undefined, 'fr-FR'), pickLocale('en', 'zh-CN')]).toEqual([
      'zh-CN',
      'zh-CN',
      'en',
      'en',
    ]);
  });

  it('formats minor units with Intl, without floats, in the currency’s own digits', () => {
    expect(formatMoney(1999, 'USD', 'en-US')).toBe('$19.99');
    expect(formatMoney(5, 'CNY', 'zh-CN')).toBe('¥0.05');
    expect(formatMoney(-120, 'USD', 'en-US')).toBe('-$1.20');
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    // Beyond 2^53 / 100 a float would already be wrong; the string path is exact.
    expect(formatMoney(900719925474099, 'USD', 'en-US')).toBe('$9,007,199,254,740.99');
  });

  it('parses typed amounts into minor units and refuses the rest', () => {
    expect([parseMoney('60.5', 'CNY'), parseMoney('60,50', 'EUR'), parseMoney(' 7 ', 'USD'), parseMoney('1500', 'JPY')]).toEqual([6050, 6050, 700, 1500]);
    expect([parseMoney('1.234', 'USD'), parseMoney('-1', 'USD'), parseMoney('1e3', 'USD'), parseMoney('', 'USD')]).toEqual([null, null, null, null]);
  });
});
