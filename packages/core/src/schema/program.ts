import { z } from 'zod';
import { normalizeCurrency } from '../money/currency';
import type { IssueCode } from './issue-code';

/** Integer basis points, 0 – 10 000 (0% – 100%). */
export const bpsSchema = z
  .number({ error: 'must be a number of basis points' })
  .int('basis points must be a whole number (1 bp = 0.01%)')
  .min(0, 'basis points cannot be negative')
  .max(10_000, 'basis points cannot exceed 10000 (100%)');

/** Integer minor units of money (fen, cents), never negative here. */
export const minorUnitsSchema = z
  .number({ error: 'must be an amount in minor units' })
  .int('money is a whole number of minor units (1999 = 19.99)')
  .min(0, 'amount cannot be negative')
  .max(Number.MAX_SAFE_INTEGER / 10_000, 'amount is too large');

/** A currency code as a key of the program: upper-case ISO 4217 (`"USD"`). */
const currencyKeySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'a currency key is an upper-case ISO 4217 code such as "USD"')
  .refine((code) => normalizeCurrency(code) !== null, { message: 'not an active ISO 4217 currency with a minor unit' });

/** A fixed rate: an amount per unit sold, in one currency each. */
export type FixedRate =
  | { fixedPerUnit: number; fixedPerUnitByCurrency?: Record<string, number> }
  | { fixedPerUnitByCurrency: Record<string, number> };

/**
 * A rate: a percentage in basis points, or a fixed amount per unit sold.
 * A fixed amount is money of one currency: `fixedPerUnit` is in the shop's
 * default currency, `fixedPerUnitByCurrency` (`{ USD: 150 }`) gives it in
 * others. A line in a currency the rate has no amount for earns nothing
 * from it, and its explanation says so.
 */
export const rateSchema = z
  .strictObject({
    percentBps: bpsSchema.optional(),
    fixedPerUnit: minorUnitsSchema.optional(),
    fixedPerUnitByCurrency: z
      .record(currencyKeySchema, minorUnitsSchema)
      .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 20, { message: 'fixedPerUnitByCurrency names 1–20 currencies' })
      .optional(),
  })
  .refine((r) => (r.percentBps === undefined) !== (r.fixedPerUnit === undefined && r.fixedPerUnitByCurrency === undefined), {
    message: 'a rate is either { percentBps } or a fixed amount per unit ({ fixedPerUnit } and/or { fixedPerUnitByCurrency }), exactly one of them',
  })
  // Only the fields given, so code can tell them apart with `'percentBps' in rate`.
  .transform((r): { percentBps: number } | FixedRate => {
    if (r.percentBps !== undefined) return { percentBps: r.percentBps };
    if (r.fixedPerUnit === undefined) return { fixedPerUnitByCurrency: r.fixedPerUnitByCurrency as Record<string, number> };
    return r.fixedPerUnitByCurrency === undefined ? { fixedPerUnit: r.fixedPerUnit } : { fixedPerUnit: r.fixedPerUnit, fixedPerUnitByCurrency: r.fixedPerUnitByCurrency };
  });

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const startOf = (text: string): number => Date.parse(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
/** A date-only `until` covers that whole UTC day. */
const endOf = (text: string): number => (DATE_ONLY.test(text) ? startOf(text) + 86_399_999 : Date.parse(text));

/** What a rule matches; every present field must match (AND), a list matches any of its values (OR). */
/** A list of values a rule matches: 1–1000 strings of 1–200 characters (a sku, a category, …). */
const matchList = z.array(z.string().min(1).max(200, 'at most 200 characters')).min(1).max(1000, 'at most 1000 values');

export const ruleWhenSchema = z.strictObject({
  sku: matchList.optional(),
  category: matchList.optional(),
  region: matchList.optional(),
  grade: matchList.optional(),
  customer: z.enum(['new', 'returning']).optional(),
  from: isoDate.optional(),
  until: isoDate.optional(),
});

/** A commission rule. Higher `priority` is tried first; ties go to the more specific (sku > category > any), then to definition order. */
export const ruleSchema = z
  .strictObject({
    id: z.string().min(1).max(64),
    priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    when: ruleWhenSchema.optional(),
    level1: rateSchema.optional(),
    level2: rateSchema.optional(),
    exclude: z.literal(true).optional(),
  })
  .refine((r) => r.exclude === true || r.level1 !== undefined || r.level2 !== undefined, {
    message: 'a rule must give level1 and/or level2 rates, or exclude: true',
  })
  .refine((r) => r.exclude !== true || (r.level1 === undefined && r.level2 === undefined), {
    message: 'an excluding rule gives no rates',
  })
  .refine((r) => r.when?.from === undefined || r.when.until === undefined || startOf(r.when.from) <= endOf(r.when.until), {
    message: 'when.from must not be after when.until',
    path: ['when', 'until'],
  });

export const gradeSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(100),
  level1Bps: bpsSchema,
  level2Bps: bpsSchema,
  /** Automatic upgrade: a distributor whose own attributed sales in the bonus period reach this many minor units moves up to this grade. */
  upgradeAtSales: minorUnitsSchema.optional(),
});

/** A bonus tier by period: when the measured sales reach `threshold`, the distributor earns `bonusBps` of them (or a fixed `amount`). */
export const bonusTierSchema = z
  .strictObject({
    threshold: minorUnitsSchema,
    bonusBps: bpsSchema.optional(),
    amount: minorUnitsSchema.optional(),
  })
  .refine((t) => (t.bonusBps === undefined) !== (t.amount === undefined), {
    message: 'a bonus tier gives either bonusBps or a fixed amount, not both and not neither',
  });

const withdrawalFeeSchema = z
  .strictObject({ bps: bpsSchema.optional(), fixed: minorUnitsSchema.optional() })
  .refine((f) => f.bps !== undefined || f.fixed !== undefined, { message: 'withdrawalFee needs bps and/or fixed (or null for no fee)' });

/**
 * The program's amounts in one currency. Every amount of money in a program
 * is in one currency: the top-level ones (`minWithdrawal`,
 * `withdrawalFee.fixed`, bonus tiers, grades' `upgradeAtSales`) are in the
 * shop's default currency; `perCurrency.USD` gives the USD ones. A currency
 * without an entry has no minimum, only the percentage part of the fee, no
 * bonus tier and no sales upgrade: amounts are never converted.
 */
export const currencyAmountsSchema = z.strictObject({
  minWithdrawal: minorUnitsSchema.optional(),
  withdrawalFee: withdrawalFeeSchema.nullable().optional(),
  performanceBonus: z.array(bonusTierSchema).max(20).optional(),
  teamBonus: z.array(bonusTierSchema).max(20).optional(),
  /** Grade id → own attributed sales in this currency, in the bonus period, that move a distributor up to it. */
  upgradeAtSales: z.record(z.string().min(1).max(64), minorUnitsSchema).optional(),
});

export const programSchema = z
  .strictObject({
    levels: z.union([z.literal(1), z.literal(2)], {
      error: 'levels must be 1 or 2: twotier never pays a third level (deeper chains can be judged pyramid selling)',
    }),
    defaultRates: z.strictObject({ level1Bps: bpsSchema, level2Bps: bpsSchema }),
    rules: z.array(ruleSchema).max(1000).default([]),
    grades: z.array(gradeSchema).max(50).default([]),
    attributionModel: z.enum(['last_click', 'first_click']).default('last_click'),
    attributionWindowDays: z.number().int().min(1).max(365).default(30),
    binding: z
      .strictObject({
        mode: z.enum(['none', 'days', 'permanent']),
        days: z.number().int().min(1).max(3650).optional(),
        /** Bind on an attributed order (default) or already on a touch. */
        on: z.enum(['order', 'touch']).default('order'),
        /** May a touch from another distributor take a bound customer? */
        allowSteal: z.boolean().default(false),
      })
      .refine((b) => b.mode !== 'days' || b.days !== undefined, { message: 'binding.days is required when mode is "days"' })
      .default({ mode: 'none', on: 'order', allowSteal: false }),
    selfPurchase: z.enum(['block', 'allow']).default('block'),
    holdDays: z.number().int().min(0).max(365).default(14),
    /** Total commission (both levels) never exceeds this share of the order's commission base. */
    capBps: bpsSchema.nullable().default(null),
    minWithdrawal: minorUnitsSchema.default(0),
    /** A fee the shop keeps from each withdrawal: a share in bps and/or a fixed amount; never more than the withdrawal. */
    withdrawalFee: withdrawalFeeSchema.nullable().default(null),
    /** At most `count` withdrawal requests per distributor per calendar `period` (UTC); rejected requests do not count. */
    withdrawalLimit: z
      .strictObject({ count: z.number().int().min(1).max(1000), period: z.enum(['day', 'week', 'month']) })
      .nullable()
      .default(null),
    joinPolicy: z.enum(['open', 'approval']).default('open'),
    bonusPeriod: z.enum(['month', 'week']).default('month'),
    performanceBonus: z.array(bonusTierSchema).max(20).default([]),
    teamBonus: z.array(bonusTierSchema).max(20).default([]),
    /** Amounts in currencies other than the default (or overriding the default's): see {@link currencyAmountsSchema}. */
    perCurrency: z
      .record(currencyKeySchema, currencyAmountsSchema)
      .refine((r) => Object.keys(r).length <= 20, { message: 'at most 20 currencies' })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.levels === 1 && p.defaultRates.level2Bps !== 0) {
      ctx.addIssue({ code: 'custom', path: ['defaultRates', 'level2Bps'], message: 'a one-level program pays no level 2: set level2Bps to 0' });
    }
    const ids = new Set<string>();
    p.rules.forEach((r, i) => {
      if (ids.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate rule id "${r.id}"` });
      ids.add(r.id);
    });
    const gids = new Set<string>();
    p.grades.forEach((g, i) => {
      if (gids.has(g.id)) ctx.addIssue({ code: 'custom', path: ['grades', i, 'id'], message: `duplicate grade id "${g.id}"` });
      gids.add(g.id);
    });
    for (const [currency, amounts] of Object.entries(p.perCurrency ?? {})) {
      for (const id of Object.keys(amounts.upgradeAtSales ?? {})) {
        if (!gids.has(id)) ctx.addIssue({ code: 'custom', path: ['perCurrency', currency, 'upgradeAtSales', id], message: `grade "${id}" is not defined in grades` });
      }
    }
    // a rule naming a grade the program does not define would never match: refused as unknown_grade
    p.rules.forEach((r, i) => {
      r.when?.grade?.forEach((g, j) => {
        if (!gids.has(g)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'when', 'grade', j],
            message: `rule "${r.id}" names grade "${g}", which the program does not define`,
            params: { code: 'unknown_grade' } satisfies IssueCode,
          });
        }
      });
    });
  })
  // a third level is refused for what it is, whatever else is wrong: this check runs even when others failed
  .superRefine(
    (p, ctx) => {
      const levels: unknown = p !== null && typeof p === 'object' ? (p as { levels?: unknown }).levels : undefined;
      if (typeof levels === 'number' && levels > 2) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels'],
          message: `levels must be 1 or 2, not ${levels}: twotier never pays a third level (deeper chains can be judged pyramid selling)`,
          params: { code: 'too_many_levels', overrides: true } satisfies IssueCode,
        });
      }
    },
    { when: () => true },
  );

/** A validated program, defaults applied. */
export type Program = z.output<typeof programSchema>;
/** A program as a shop writes it, defaults optional. */
export type ProgramInput = z.input<typeof programSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type Rate = z.output<typeof rateSchema>;
export type Grade = z.output<typeof gradeSchema>;
export type BonusTier = z.output<typeof bonusTierSchema>;
export type CurrencyAmounts = z.output<typeof currencyAmountsSchema>;
