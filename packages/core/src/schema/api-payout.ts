import { z } from 'zod';
import { currencySchema, positiveMoneySchema, textSchema, timestampSchema } from './api-common';
import { distributorLocaleSchema } from './api-distributor';

/** Where a withdrawal can be paid: an Alipay account, WeChat Pay balance (零钱), a bank account, or PayPal. */
export const payoutAccountKindSchema = z.enum(['alipay', 'wechat', 'bank', 'paypal']);

/** A real name as the payment service checks it against the account: 1–64 characters, trimmed, no control characters. */
const realNameSchema = textSchema(64).trim().min(1, 'the account holder’s real name is required');

/** A mainland China mobile number, which Alipay accepts as an account. */
const CN_MOBILE = /^1[3-9]\d{9}$/;

/** Whether `text` is an IBAN whose ISO 13616 mod-97 check holds. */
export function isIban(text: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(text)) return false;
  const moved = text.slice(4) + text.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const digits = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** `POST …/payout-accounts` with `kind: "alipay"`: the Alipay login (email or mainland mobile) and the real name on it. */
export const alipayAccountSchema = z.strictObject({
  kind: z.literal('alipay'),
  account: z
    .string()
    .trim()
    .max(100, 'an Alipay account is at most 100 characters')
    .refine((s) => CN_MOBILE.test(s) || z.email().safeParse(s).success, 'an Alipay account is the email or mainland mobile number (11 digits, 1…) it signs in with'),
  realName: realNameSchema,
});

/** `kind: "wechat"`: the user's openid under the shop's WeChat app, and the real name WeChat Pay checks. */
export const wechatAccountSchema = z.strictObject({
  kind: z.literal('wechat'),
  openid: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,64}$/, 'an openid is 16–64 letters, digits, "_" or "-" (o… under the shop’s WeChat app)'),
  realName: realNameSchema,
});

/**
 * `kind: "bank"`: the account number (a card number of 8–34 digits, or an
 * IBAN whose check digits hold; spaces are dropped), the holder, the bank,
 * and optionally the branch and its code (联行号, SWIFT/BIC, routing number).
 */
export const bankAccountSchema = z.strictObject({
  kind: z.literal('bank'),
  accountNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .refine((s) => /^\d{8,34}$/.test(s) || isIban(s), 'an account number is 8–34 digits, or an IBAN with valid check digits'),
  holderName: realNameSchema,
  bankName: textSchema(100).trim().min(1, 'the bank’s name is required'),
  bankBranch: textSchema(100).trim().min(1).optional(),
  bankCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{4,20}$/, 'a bank code (联行号, SWIFT/BIC, routing number) is 4–20 letters or digits')
    .optional(),
});

/** `kind: "paypal"`: the email of the PayPal account. */
export const paypalAccountSchema = z.strictObject({
  kind: z.literal('paypal'),
  email: z.email('a PayPal account is its email address').max(127, 'PayPal takes at most 127 characters'),
});

/** `POST /v1/distributors/{id}/payout-accounts` and `POST /v1/me/payout-accounts`: one account, validated by kind. */
export const payoutAccountCreateSchema = z.discriminatedUnion('kind', [alipayAccountSchema, wechatAccountSchema, bankAccountSchema, paypalAccountSchema]);

/**
 * A payout account as every screen shows it: masked (`138****5678`, `*三`,
 * `•••• 1234`). The full details are stored encrypted and leave the server
 * only in the mass-pay export.
 */
export const payoutAccountSchema = z.object({
  id: z.string(),
  distributorId: z.string(),
  kind: payoutAccountKindSchema,
  /** One line for a list: `Alipay 138****5678 (*三)`. */
  display: z.string(),
  /** Each field of the account, masked; the bank's name and branch are shown whole. */
  masked: z.record(z.string(), z.string()),
  createdAt: timestampSchema,
});

export const payoutAccountListSchema = z.object({ data: z.array(payoutAccountSchema) });

/**
 * `PATCH /v1/me`: the language of my emails, and whether I get them
 * (`emails: false` unsubscribes, `true` subscribes again). At least one field.
 */
export const mePatchSchema = z
  .strictObject({ locale: distributorLocaleSchema.optional(), emails: z.boolean().optional() })
  .refine((p) => p.locale !== undefined || p.emails !== undefined, { message: 'nothing to change: give locale or emails' });

/** My email settings, as `PATCH /v1/me` answers them. */
export const meEmailSettingsSchema = z.object({ locale: distributorLocaleSchema, emails: z.boolean(), email: z.string().nullable() });

/** `GET /v1/me/withdrawals/quote?amount=&currency=`. */
export const withdrawalQuoteQuerySchema = z.object({ amount: z.coerce.number().pipe(positiveMoneySchema), currency: currencySchema.optional() });

/** What a withdrawal of `amount` would be: the fee, the net sent, and whether the balance and minimum allow it (shown before confirming). */
export const withdrawalQuoteSchema = z.object({
  currency: z.string(),
  amount: z.number(),
  fee: z.number(),
  net: z.number(),
  available: z.number(),
  minWithdrawal: z.number(),
  allowed: z.boolean(),
});

export type MePatch = z.input<typeof mePatchSchema>;
export type MeEmailSettings = z.infer<typeof meEmailSettingsSchema>;
export type WithdrawalQuote = z.infer<typeof withdrawalQuoteSchema>;
export type PayoutAccountList = z.infer<typeof payoutAccountListSchema>;
export type PayoutAccountKind = z.infer<typeof payoutAccountKindSchema>;
export type PayoutAccountCreate = z.input<typeof payoutAccountCreateSchema>;
export type PayoutAccountDetails = z.output<typeof payoutAccountCreateSchema>;
export type PayoutAccount = z.infer<typeof payoutAccountSchema>;
