/**
 * Golden cases: every expected amount below was computed by hand (the
 * arithmetic is in the reason), never by calling the engine.
 * Money in fen (minor units); rates in basis points; "→" is the one rounding, half to even.
 */
import { describe, expect, it } from 'vitest';
import { programSchema, type ProgramInput } from '../schema/program';
import { evaluateCommissions } from './evaluate';
import { reverseCommissions } from './reverse';
import type { ChainMember, CommissionOrder, DistributorChain, OrderLine, RefundInput } from './types';

const shopRules: ProgramInput['rules'] = [
  { id: 'tea-01', when: { sku: ['TEA-01'] }, level1: { percentBps: 1500 }, level2: { percentBps: 500 } },
  { id: 'tea', when: { category: ['tea'] }, level1: { percentBps: 1200 }, level2: { percentBps: 400 } },
  { id: 'gift-cards', when: { category: ['giftcard'] }, exclude: true },
  { id: 'north', when: { region: ['north'] }, level1: { percentBps: 800 }, level2: { percentBps: 200 } },
  { id: 'mug', when: { sku: ['MUG'] }, level1: { fixedPerUnit: 150 }, level2: { fixedPerUnit: 50 } },
  { id: 'double-11', priority: 10, when: { sku: ['TEA-01'], from: '2026-11-11', until: '2026-11-11' }, level1: { percentBps: 2000 } },
  { id: 'gold-coffee', when: { grade: ['gold'], category: ['coffee'] }, level1: { percentBps: 1800 }, level2: { percentBps: 600 } },
  { id: 'new-coffee', when: { customer: 'new', category: ['coffee'] }, level1: { percentBps: 1100 } },
];
const grades = [
  { id: 'silver', name: 'Silver', level1Bps: 1200, level2Bps: 400 },
  { id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500 },
];
const shop = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, rules: shopRules, grades });
const designRules: ProgramInput['rules'] = [
  { id: 'b20', when: { sku: ['B'] }, level1: { percentBps: 2000 } },
  { id: 'c-fixed', when: { sku: ['C'] }, level1: { fixedPerUnit: 150 }, level2: { fixedPerUnit: 50 } },
];
const design = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, rules: designRules });
const designCapped = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 300 }, rules: designRules, capBps: 2000 });
const plain = (l1: number, l2: number, capBps: number | null = null, levels: 1 | 2 = 2) =>
  programSchema.parse({ levels, defaultRates: { level1Bps: l1, level2Bps: l2 }, capBps });

const active = (id: string, grade?: string): ChainMember => ({ id, status: 'active', grade });
const twoActive: DistributorChain = { level1: active('d1'), level2: active('p1') };
const line = (sku: string, quantity: number, unitPrice: number, extra: Partial<OrderLine> = {}): OrderLine => ({ sku, quantity, unitPrice, ...extra });
const order = (items: OrderLine[], extra: Partial<CommissionOrder> = {}): CommissionOrder => ({
  items,
  placedAt: new Date('2026-06-01T12:00:00Z'),
  customer: 'returning',
  ...extra,
});
const designOrder = order([line('A', 1, 3998), line('B', 1, 4550), line('C', 3, 500)]);

type Case = [reason: string, o: CommissionOrder, chain: DistributorChain, program: typeof shop, l1: number | null, l2: number | null];
const at = (iso: string) => ({ placedAt: new Date(iso) });
const sock = (price: number, qty = 1) => line('SOCK', qty, price);

const cases: Case[] = [
  ['two levels at the defaults: 10000 × 10% = 1000, × 3% = 300', order([sock(10000)]), twoActive, shop, 1000, 300],
  ['odd cents: 1999 × 10% = 199.9 → 200; × 3% = 59.97 → 60', order([sock(1999)]), twoActive, shop, 200, 60],
  ['tie rounds to even: 25 × 10% = 2.5 → 2; × 3% = 0.75 → 1', order([sock(25)]), twoActive, shop, 2, 1],
  ['tie rounds to even: 35 × 10% = 3.5 → 4; × 3% = 1.05 → 1', order([sock(35)]), twoActive, shop, 4, 1],
  ['1 fen: 0.1 → 0 and 0.03 → 0', order([sock(1)]), twoActive, shop, 0, 0],
  ['5 fen: 0.5 → 0 (even); 0.15 → 0', order([sock(5)]), twoActive, shop, 0, 0],
  ['15 fen: 1.5 → 2 (even); 0.45 → 0', order([sock(15)]), twoActive, shop, 2, 0],
  ['rounded once per level: 3 lines of 5 fen give 0.5 + 0.5 + 0.5 = 1.5 → 2 (not 0 + 0 + 0); 0.45 → 0', order([sock(5), line('HAT', 1, 5), line('CAP', 1, 5)]), twoActive, shop, 2, 0],
  ['99,999,999 fen: 9,999,999.9 → 10,000,000; 2,999,999.97 → 3,000,000', order([sock(99_999_999)]), twoActive, shop, 10_000_000, 3_000_000],
  ['zero-value line adds nothing: 0 + 1000 × 10% = 100; 0 + 30', order([sock(0), line('HAT', 1, 1000)]), twoActive, shop, 100, 30],
  ['only a zero-value line: both levels 0, still listed', order([sock(0, 3)]), twoActive, shop, 0, 0],
  ['sku rule: TEA-01 5000 × 15% = 750; × 5% = 250', order([line('TEA-01', 1, 5000, { category: 'tea' })]), twoActive, shop, 750, 250],
  ['category rule: TEA-02 5000 × 12% = 600; × 4% = 200', order([line('TEA-02', 1, 5000, { category: 'tea' })]), twoActive, shop, 600, 200],
  ['sku beats category beats default: 750 + 600 + 500 = 1850; 250 + 200 + 150 = 600', order([line('TEA-01', 1, 5000, { category: 'tea' }), line('TEA-02', 1, 5000, { category: 'tea' }), line('SOCK', 1, 5000, { category: 'apparel' })]), twoActive, shop, 1850, 600],
  ['quantity: 3 × 1999 = 5997 × 12% = 719.64 → 720; × 4% = 239.88 → 240', order([line('TEA-02', 3, 1999, { category: 'tea' })]), twoActive, shop, 720, 240],
  ['fixed per unit: 3 × 150 = 450; 3 × 50 = 150 (price does not matter)', order([line('MUG', 3, 2000)]), twoActive, shop, 450, 150],
  ['DESIGN example: 399.8 + 910 + 450 = 1759.8 → 1760; L2 falls to 3% for A, B: 119.94 + 136.5 + 3 × 50 = 406.44 → 406', designOrder, twoActive, design, 1760, 406],
  ['exclusion: gift card 10000 excluded from both levels; sock 10000 → 1000 and 300', order([line('GC-100', 1, 10000, { category: 'giftcard' }), sock(10000)]), twoActive, shop, 1000, 300],
  ['region rule: north 10000 × 8% = 800; × 2% = 200', order([sock(10000)], { region: 'north' }), twoActive, shop, 800, 200],
  ['other region: defaults 1000 and 300', order([sock(10000)], { region: 'south' }), twoActive, shop, 1000, 300],
  ['category beats a region-only rule: TEA-02 in north 5000 × 12% = 600; × 4% = 200', order([line('TEA-02', 1, 5000, { category: 'tea' })], { region: 'north' }), twoActive, shop, 600, 200],
  ['grade of L1: silver 12% of 10000 = 1200; parent ungraded 3% = 300', order([sock(10000)]), { level1: active('d1', 'silver'), level2: active('p1') }, shop, 1200, 300],
  ['grade of L2: gold parent earns its level2Bps 5% = 500; L1 ungraded 1000', order([sock(10000)]), { level1: active('d1'), level2: active('p1', 'gold') }, shop, 1000, 500],
  ['unknown grade: defaults 1000 and 300', order([sock(10000)]), { level1: active('d1', 'platinum'), level2: active('p1', 'platinum') }, shop, 1000, 300],
  ['grade rule for L1 only: gold L1 18% = 1800; parent ungraded, no rule matches → 300', order([line('COF', 1, 10000, { category: 'coffee' })]), { level1: active('d1', 'gold'), level2: active('p1') }, shop, 1800, 300],
  ['grade rule for L2 only: L1 ungraded → 1000; gold parent gets the rule 6% = 600', order([line('COF', 1, 10000, { category: 'coffee' })]), { level1: active('d1'), level2: active('p1', 'gold') }, shop, 1000, 600],
  ['new customer rule: 11% = 1100; it has no level-2 rate → default 3% = 300', order([line('COF', 1, 10000, { category: 'coffee' })], { customer: 'new' }), twoActive, shop, 1100, 300],
  ['definition order: gold-coffee before new-coffee → 1800; parent: new-coffee, no L2 rate → 300', order([line('COF', 1, 10000, { category: 'coffee' })], { customer: 'new' }), { level1: active('d1', 'gold'), level2: active('p1') }, shop, 1800, 300],
  ['priority 10 promo on 11.11: 20% of 5000 = 1000; no L2 rate → default 3% = 150 (not the sku rule)', order([line('TEA-01', 1, 5000)], at('2026-11-11T15:00:00Z')), twoActive, shop, 1000, 150],
  ['date-only until covers the whole UTC day: 23:59:59.999 still 1000 and 150', order([line('TEA-01', 1, 5000)], at('2026-11-11T23:59:59.999Z')), twoActive, shop, 1000, 150],
  ['the next day the promo is over: sku rule 750 and 250', order([line('TEA-01', 1, 5000)], at('2026-11-12T00:00:00Z')), twoActive, shop, 750, 250],
  ['before the promo starts: sku rule 750 and 250', order([line('TEA-01', 1, 5000)], at('2026-11-10T23:59:59.999Z')), twoActive, shop, 750, 250],
  ['one-level program: 1000 and no level 2', order([sock(10000)]), twoActive, plain(1000, 0, null, 1), 1000, null],
  ['no parent: 1000 and no level 2', order([sock(10000)]), { level1: active('d1'), level2: null }, shop, 1000, null],
  ['suspended parent: 1000 and no level 2', order([sock(10000)]), { level1: active('d1'), level2: { id: 'p1', status: 'suspended' } }, shop, 1000, null],
  ['suspended L1: nothing at either level, nothing passes up', order([sock(10000)]), { level1: { id: 'd1', status: 'suspended' }, level2: active('p1') }, shop, null, null],
  ['pending L1: nothing at either level', order([sock(10000)]), { level1: { id: 'd1', status: 'pending' }, level2: active('p1') }, shop, null, null],
  ['organic order: nobody is paid', order([sock(10000)]), { level1: null, level2: null }, shop, null, null],
  ['own parent: L2 never pays the L1 distributor again', order([sock(10000)]), { level1: active('d1'), level2: active('d1') }, shop, 1000, null],
  ['line discount: 2 × 5000 − 1000 = 9000 → 900 and 270', order([line('SOCK', 2, 5000, { discount: 1000 })]), twoActive, shop, 900, 270],
  ['order discount 500 over 3998 : 4550 → 233.86 : 266.14 → 234 : 266; 376.4 + 514.08 = 890.48 → 890; 112.92 + 171.36 = 284.28 → 284', order([sock(3998), line('TEA-02', 1, 4550, { category: 'tea' })], { discount: 500 }), twoActive, shop, 890, 284],
  ['shipping 1000 and tax 1300 are not in the base: 1000 and 300', order([sock(10000)], { shipping: 1000, tax: 1300 }), twoActive, shop, 1000, 300],
  ['cap 10% scales both: 1300 > 1000 → 1000 × 10/13 = 769.23 → 769; 300 × 10/13 = 230.77 → 231', order([sock(10000)]), twoActive, plain(1000, 300, 1000), 769, 231],
  ['cap 30% not reached: 1000 + 300 ≤ 3000', order([sock(10000)]), twoActive, plain(1000, 300, 3000), 1000, 300],
  ['cap 20% on the DESIGN order: 2166.24 > 2009.6; 1632.55 → 1633 and 377.05 → 377 make 2010 > 2009, so L1 (excess .45) → 1632', designOrder, twoActive, designCapped, 1632, 377],
  ['cap with L1 only: 1000 > 5% of 10000 = 500 → 500', order([sock(10000)]), { level1: active('d1'), level2: null }, plain(1000, 300, 500), 500, null],
  ['cap 0: nothing can be paid', order([sock(10000)]), twoActive, plain(1000, 300, 0), 0, 0],
  ['cap equal to the rates: 3.5 → 4 and 0.7 → 1 = 5 > floor(4.2) = 4; L1 has the larger excess (.5) → 3', order([sock(35)]), twoActive, plain(1000, 200, 1200), 3, 1],
  ['cap rounding tie: 3.5 → 4 and 1.5 → 2 = 6 > 5; equal excess .5 → level 2 gives way → 4 and 1', order([sock(100)]), twoActive, plain(350, 150, 500), 4, 1],
  ['99,999,999 fen capped at 10%: 99,999,999/13 = 7,692,307.62 → 7,692,308 and 299,999,997/130 = 2,307,692.28 → 2,307,692 total 10,000,000 > 9,999,999.9 → L1 7,692,307', order([sock(99_999_999)]), twoActive, plain(1000, 300, 1000), 7_692_307, 2_307_692],
  ['fixed rate on a free line: no paid sale, 0 and 0', order([line('MUG', 2, 0)]), twoActive, shop, 0, 0],
  ['fixed rate on a fully discounted line: 0 and 0', order([line('MUG', 1, 2000, { discount: 2000 })]), twoActive, shop, 0, 0],
];

describe('golden commissions', () => {
  it('has at least 40 cases', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s', (_reason, o, chain, program, l1, l2) => {
    const result = evaluateCommissions(o, chain, program);
    const level = (n: 1 | 2) => result.commissions.find((c) => c.level === n)?.amount ?? null;
    expect([level(1), level(2)]).toEqual([l1, l2]);
    expect(result.notPaid.map((n) => n.level)).toEqual([...(l1 === null ? [1] : []), ...(l2 === null ? [2] : [])]);
  });
});

/** [reason, refunds in sequence, expected L1 and L2 of each refund]. */
type RefundCase = [string, CommissionOrder, typeof shop, RefundInput[], [number, number][]];
const sevenSocks = order([line('SOCK', 7, 999)], { shipping: 7 }); // base 6993, paid 7000; L1 699.3 → 699, L2 209.79 → 210
const refundCases: RefundCase[] = [
  ['1 part by amount: all 7000 paid → all 699 and 210', sevenSocks, shop, [{ amount: 7000 }], [[699, 210]]],
  ['1 part by items: all 7 units → all 699 and 210', sevenSocks, shop, [{ items: [{ sku: 'SOCK', quantity: 7 }] }], [[699, 210]]],
  ['2 parts by amount: 699 × 3500/7000 = 349.5 → 350 (even), then 349; 105, 105', sevenSocks, shop, [{ amount: 3500 }, { amount: 3500 }], [[350, 105], [349, 105]]],
  ['2 parts by items: 699 × 3/7 = 299.57 → 300, then 399; 210 × 3/7 = 90, then 120', sevenSocks, shop, [{ items: [{ sku: 'SOCK', quantity: 3 }] }, { items: [{ sku: 'SOCK', quantity: 4 }] }], [[300, 90], [399, 120]]],
  ['7 parts by items: cumulative 699k/7 = 99.86, 199.71, 299.57, 399.43, 499.29, 599.14, 699 → 100,200,300,399,499,599,699', sevenSocks, shop, Array.from({ length: 7 }, () => ({ items: [{ sku: 'SOCK', quantity: 1 }] })), [[100, 30], [100, 30], [100, 30], [99, 30], [100, 30], [100, 30], [100, 30]]],
  ['7 parts by amount 1, 999, 2000, 1500, 500, 1000, 1000: cumulative 0.1, 99.9, 299.6, 449.4, 499.3, 599.1, 699 → 0,100,300,449,499,599,699; L2 0.03 per fen', sevenSocks, shop, [1, 999, 2000, 1500, 500, 1000, 1000].map((amount) => ({ amount })), [[0, 0], [100, 30], [200, 60], [149, 45], [50, 15], [100, 30], [100, 30]]],
  ['by items on the capped DESIGN order: one C of three is 1500000/17598000 of L1 → 1632 × 0.0852 = 139.1 → 139; 500000/4064400 of L2 → 377 × 0.123 = 46.4 → 46', designOrder, designCapped, [{ items: [{ sku: 'C', quantity: 1 }] }], [[139, 46]]],
];

describe('golden refunds', () => {
  it.each(refundCases)('%s', (_reason, o, program, refunds, expected) => {
    const evaluation = evaluateCommissions(o, twoActive, program);
    const got = refunds.map((refund, i) =>
      reverseCommissions({ order: o, evaluation, previous: refunds.slice(0, i), refund }).map((r) => r.amount),
    );
    expect(got).toEqual(expected);
  });
});
