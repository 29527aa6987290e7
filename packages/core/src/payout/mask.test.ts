import { describe, expect, test } from 'vitest';
import { payoutAccountCreateSchema, isIban } from '../schema/api-payout';
import { maskName, maskPayoutAccount } from './mask';

describe('payout accounts: validated by kind', () => {
  const ok = (v: unknown) => payoutAccountCreateSchema.safeParse(v).success;
  test('Alipay: an email or a mainland mobile, and a real name', () => {
    expect(ok({ kind: 'alipay', account: '13812345678', realName: '张三' })).toBe(true);
    expect(ok({ kind: 'alipay', account: 'zhang@example.com', realName: '张三' })).toBe(true);
    expect(ok({ kind: 'alipay', account: 'user-alice', realName: '张三' })).toBe(false); // the old export's "account"
    expect(ok({ kind: 'alipay', account: '23812345678', realName: '张三' })).toBe(false);
    expect(ok({ kind: 'alipay', account: '13812345678', realName: ' ' })).toBe(false);
    expect(ok({ kind: 'alipay', account: '13812345678' })).toBe(false);
  });
  test('WeChat: an openid and a real name', () => {
    expect(ok({ kind: 'wechat', openid: 'o-MYE42l80oelYMDE34nYD456Xoy', realName: '李娜' })).toBe(true);
    expect(ok({ kind: 'wechat', openid: 'user-alice', realName: '李娜' })).toBe(false);
    expect(ok({ kind: 'wechat', openid: 'o-MYE42l80oelYMDE34nYD456Xoy<script>', realName: '李娜' })).toBe(false);
  });
  test('bank: digits or a checked IBAN, holder and bank required', () => {
    const parsed = payoutAccountCreateSchema.parse({ kind: 'bank', accountNumber: '6222 0202 0000 1234 567', holderName: '王芳', bankName: '中国工商银行' });
    expect(parsed).toMatchObject({ accountNumber: '6222020200001234567' });
    expect(ok({ kind: 'bank', accountNumber: 'GB82 WEST 1234 5698 7654 32', holderName: 'Jane Doe', bankName: 'Westminster', bankCode: 'NWBKGB2L' })).toBe(true);
    expect(isIban('GB82WEST12345698765432')).toBe(true);
    expect(isIban('GB83WEST12345698765432')).toBe(false); // one check digit off
    expect(ok({ kind: 'bank', accountNumber: 'user-alice', holderName: 'A', bankName: 'B' })).toBe(false);
    expect(ok({ kind: 'bank', accountNumber: '6222020200001234567', holderName: '王芳' })).toBe(false);
  });
  test('PayPal: an email', () => {
    expect(ok({ kind: 'paypal', email: 'jane@example.com' })).toBe(true);
    expect(ok({ kind: 'paypal', email: 'jane' })).toBe(false);
  });
  test('unknown kinds and extra fields are refused', () => {
    expect(ok({ kind: 'venmo', email: 'jane@example.com' })).toBe(false);
    expect(ok({ kind: 'paypal', email: 'jane@example.com', note: 'x' })).toBe(false);
  });
});

describe('payout accounts: masked', () => {
  test('names keep their last character (Chinese) or initials (Latin)', () => {
    expect(maskName('张三')).toBe('*三');
    expect(maskName('欧阳娜娜')).toBe('***娜');
    expect(maskName('Jane Doe')).toBe('J*** D**');
  });
  test('each kind hides what identifies the account', () => {
    expect(maskPayoutAccount({ kind: 'alipay', account: '13812345678', realName: '张三' })).toEqual({ masked: { account: '138****5678', realName: '*三' }, display: 'Alipay 138****5678 (*三)' });
    expect(maskPayoutAccount({ kind: 'alipay', account: 'zhang@example.com', realName: '张三' }).masked.account).toBe('z****@example.com');
    expect(maskPayoutAccount({ kind: 'wechat', openid: 'o-MYE42l80oelYMDE34nYD456Xoy', realName: '李娜' }).masked.openid).toBe('o-MY********************6Xoy');
    const bank = maskPayoutAccount({ kind: 'bank', accountNumber: '6222020200001234567', holderName: '王芳', bankName: '中国工商银行', bankBranch: '杭州西湖支行' });
    expect(bank.masked).toEqual({ accountNumber: '•••• 4567', holderName: '*芳', bankName: '中国工商银行', bankBranch: '杭州西湖支行' });
    expect(maskPayoutAccount({ kind: 'paypal', email: 'jane@example.com' }).display).toBe('PayPal j***@example.com');
  });
});
