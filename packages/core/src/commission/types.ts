import type { Program, Rate } from '../schema/program';

/** A line of an order, as the shop sent it. Money in integer minor units. */
export interface OrderLine {
  sku: string;
  category?: string | undefined;
  quantity: number;
  unitPrice: number;
  /** Discount on this line, minor units. */
  discount?: number | undefined;
}

/** What the engine needs of an order. */
export interface CommissionOrder {
  items: readonly OrderLine[];
  /** Order-level discount, spread over lines by base (largest remainder). */
  discount?: number | undefined;
  /** Never in the commission base; part of what the customer paid (refunds by amount). */
  shipping?: number | undefined;
  tax?: number | undefined;
  region?: string | undefined;
  /** Rule date ranges are matched against this instant. */
  placedAt: Date;
  customer: 'new' | 'returning';
}

/** A distributor as the engine sees them. */
export interface ChainMember {
  id: string;
  /** Grade id; `undefined` or unknown ids mean the program's default rates. */
  grade?: string | null | undefined;
  status: 'active' | 'pending' | 'suspended';
}

/** Who the sale is attributed to (level 1) and their parent (level 2). Never deeper. */
export interface DistributorChain {
  level1: ChainMember | null;
  level2: ChainMember | null;
}

/** Where a line's rate came from. */
export type RateSource =
  | { kind: 'rule'; ruleId: string }
  | { kind: 'grade'; gradeId: string }
  | { kind: 'default' };

/** One line's contribution to one level. */
export interface LineExplanation {
  /** Index of the line in the order as sent. */
  line: number;
  sku: string;
  quantity: number;
  /** The line's commission base after its own and its share of the order discount. */
  base: number;
  source: RateSource;
  /**
   * The rate applied, a fixed one as its amount in the order's currency;
   * `null` when the line is excluded, or when the rate is a fixed amount
   * with no amount in the order's currency (then `noAmountIn` says which).
   */
  rate: Rate | null;
  excluded: boolean;
  /** Present when a fixed rate has no amount in the order's currency: the line earns nothing from it. */
  noAmountIn?: string;
  /** Exact contribution in 1/10 000 of a minor unit (integer), before rounding and cap. */
  exact: number;
}

/** The cap applied to an order, when it changed an amount (scaled both levels, or held their rounding under it). */
export interface CapExplanation {
  capBps: number;
  /** Order commission base times capBps, in 1/10 000 minor units. */
  capExact: number;
  /** Sum of both levels' exact amounts before scaling, in 1/10 000 minor units. */
  uncappedExact: number;
}

/** One level's commission with its full explanation. */
export interface LevelCommission {
  level: 1 | 2;
  distributorId: string;
  /** Rounded amount in minor units, integer ≥ 0. */
  amount: number;
  /** Exact amount after the cap, in 1/10 000 minor units; may be fractional only via cap scaling (kept as numerator/denominator). */
  exactNumerator: number;
  exactDenominator: number;
  /**
   * Present (true) only when the cap scaled this level and the reduced fraction
   * does not fit in safe integers: the fraction above is then the closest one that does.
   */
  exactApproximate?: true;
  lines: LineExplanation[];
  cap: CapExplanation | null;
  /** One-paragraph human summary, English. */
  summary: string;
}

/** What `evaluateCommissions` returns. */
export interface CommissionEvaluation {
  /** Order commission base: sum of line bases (after all discounts), minor units. */
  base: number;
  /** What the customer paid: base + shipping + tax. */
  totalPaid: number;
  /** Line bases after spreading the order discount, by line index. */
  lineBases: number[];
  /** 0, 1 or 2 entries; a level with amount 0 is still listed when a distributor was eligible. */
  commissions: LevelCommission[];
  /** Why a level is not paid (no distributor, suspended, levels: 1, self-purchase blocked, …). */
  notPaid: { level: 1 | 2; reason: string }[];
}

/** A refund, by amount or by items (or both). */
export interface RefundInput {
  amount?: number | undefined;
  items?: readonly { sku: string; quantity: number }[] | undefined;
}

/** A level's reversal: how much to take back now and in total. */
export interface LevelReversal {
  level: 1 | 2;
  distributorId: string;
  /** Reversed by this refund (minor units, ≥ 0). */
  amount: number;
  /** Reversed by all refunds up to and including this one. */
  cumulative: number;
  /** What was earned; cumulative never exceeds it. */
  earned: number;
}

export type { Program };
