/** The details of a payout account, by kind (what `payoutAccountCreateSchema` gives after validation). */
export type PayoutDetails =
  | { kind: 'alipay'; account: string; realName: string }
  | { kind: 'wechat'; openid: string; realName: string }
  | { kind: 'bank'; accountNumber: string; holderName: string; bankName: string; bankBranch?: string | undefined; bankCode?: string | undefined }
  | { kind: 'paypal'; email: string };

/** A masked payout account: each field masked, and one line for a list. */
export interface MaskedPayout {
  masked: Record<string, string>;
  display: string;
}

const chars = (s: string) => [...s];

/**
 * A person's name with all but its last character hidden, as Chinese payment
 * screens show it (`张三` → `*三`, `欧阳娜娜` → `***娜`); a Latin name keeps
 * each word's initial (`Jane Doe` → `J*** D**`).
 *
 * @example
 * maskName('张三') // '*三'
 */
export function maskName(name: string): string {
  const c = chars(name.trim());
  if (c.length === 0) return '';
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(name)) {
    return name
      .trim()
      .split(/\s+/)
      .map((w) => { const l = chars(w); return l[0] + '*'.repeat(Math.max(1, l.length - 1)); })
      .join(' ');
  }
  return c.length === 1 ? '*' : '*'.repeat(c.length - 1) + c[c.length - 1];
}

/**
 * An email with the local part hidden but its first character
 * (`alice@example.com` → `a****@example.com`).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return maskMiddle(email, 1, 0);
  const local = chars(email.slice(0, at));
  return `${local[0]}${'*'.repeat(Math.max(3, local.length - 1))}${email.slice(at)}`;
}

/** `keep` characters shown at the start and `tail` at the end, the rest as `*`. */
export function maskMiddle(text: string, keep: number, tail: number): string {
  const c = chars(text);
  if (c.length <= keep + tail) return '*'.repeat(c.length);
  return c.slice(0, keep).join('') + '*'.repeat(c.length - keep - tail) + (tail ? c.slice(-tail).join('') : '');
}

/** An account or card number as `•••• 1234`. */
export const maskNumber = (n: string): string => `•••• ${n.slice(-4)}`;

const KIND_NAMES = { alipay: 'Alipay', wechat: 'WeChat Pay', bank: 'Bank', paypal: 'PayPal' } as const;

/**
 * A payout account masked for every screen: an Alipay mobile as
 * `138****5678`, an email as `a****@example.com`, an openid as
 * `oUpF****Xk2Q`, a card or IBAN as `•••• 1234`, names as `*三`. The bank's
 * name and branch are not secret and stay whole.
 *
 * @example
 * maskPayoutAccount({ kind: 'alipay', account: '13812345678', realName: '张三' }).display
 * // 'Alipay 138****5678 (*三)'
 */
export function maskPayoutAccount(d: PayoutDetails): MaskedPayout {
  switch (d.kind) {
    case 'alipay': {
      const account = d.account.includes('@') ? maskEmail(d.account) : maskMiddle(d.account, 3, 4);
      const realName = maskName(d.realName);
      return { masked: { account, realName }, display: `${KIND_NAMES.alipay} ${account} (${realName})` };
    }
    case 'wechat': {
      const openid = maskMiddle(d.openid, 4, 4);
      const realName = maskName(d.realName);
      return { masked: { openid, realName }, display: `${KIND_NAMES.wechat} ${openid} (${realName})` };
    }
    case 'bank': {
      const masked: Record<string, string> = { accountNumber: maskNumber(d.accountNumber), holderName: maskName(d.holderName), bankName: d.bankName };
      if (d.bankBranch) masked.bankBranch = d.bankBranch;
      if (d.bankCode) masked.bankCode = d.bankCode;
      return { masked, display: `${d.bankName} ${masked.accountNumber} (${masked.holderName})` };
    }
    case 'paypal': {
      const email = maskEmail(d.email);
      return { masked: { email }, display: `${KIND_NAMES.paypal} ${email}` };
    }
  }
}
