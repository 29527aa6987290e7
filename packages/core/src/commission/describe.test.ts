import { describe, expect, it } from 'vitest';
import { describeCommission, describeNotPaid } from './describe';
import { formatMoney } from '../money/format-money';
import { programSchema } from '../schema/program';
import { evaluateCommissions } from './evaluate';

const line = { sku: 'TEA-LJ-50', quantity: 1, base: 16800, excluded: false, rate: { percentBps: 1500 } };

describe('describeCommission', () => {
  it('writes the panel wording in Chinese, with where the rate came from', () => {
    const d = describeCommission({ lines: [{ ...line, source: { kind: 'default' } }] }, 2520, 'zh-CN', (m) => formatMoney(m, 'CNY', 'zh-CN'));
    // ¥ and not CN¥ in zh-CN; the base before the rate as the panel has it
    expect(d.lines).toEqual(['TEA-LJ-50 × 1：¥168.00 的 15%（默认费率）']);
    expect(d.total).toBe('合计 ¥25.20');
    expect(d.cap).toBeNull();
  });

  it('writes English with the rule id, the grade, per-unit rates and the cap', () => {
    const d = describeCommission(
      {
        lines: [
          { ...line, source: { kind: 'rule', ruleId: 'spring' } },
          { sku: 'CUP', quantity: 2, base: 5000, excluded: false, rate: { fixedPerUnit: 300 }, source: { kind: 'grade', gradeId: 'gold' } },
          { sku: 'GIFT', quantity: 1, base: 0, excluded: true, rate: null, source: { kind: 'default' } },
          { sku: 'MUG', quantity: 1, base: 900, excluded: false, rate: null, noAmountIn: 'USD', source: { kind: 'rule', ruleId: 'fixed' } },
        ],
        cap: { capBps: 2000 },
      },
      3120,
      'en',
      (m) => formatMoney(m, 'CNY', 'en'),
    );
    expect(d.lines).toEqual([
      'TEA-LJ-50 × 1: 15% of CN¥168.00 (rule spring)',
      'CUP × 2: CN¥3.00 per unit of CN¥50.00 (grade gold rate)',
      'GIFT × 1: not eligible',
      'MUG × 1: nothing, the fixed rate has no amount in USD',
    ]);
    expect(d.cap).toBe('Capped at 20% of the order.');
    expect(d.total).toBe('Total CN¥31.20');
  });

  it('describes what the engine stores, and every reason it gives for not paying', () => {
    const program = programSchema.parse({ levels: 2, defaultRates: { level1Bps: 1000, level2Bps: 500 }, grades: [], rules: [] });
    const order = { items: [{ sku: 'A', quantity: 1, unitPrice: 1000 }], placedAt: new Date(0), customer: 'new' as const };
    const paid = evaluateCommissions(order, { level1: { id: 'd1', status: 'active' }, level2: null }, program);
    expect(describeCommission(paid.commissions[0]!, paid.commissions[0]!.amount, 'en', (m) => formatMoney(m, 'CNY', 'en')).lines).toEqual(['A × 1: 10% of CN¥10.00 (default rate)']);
    const who = (id: string) => `TEA01 (${id})`;
    expect(paid.notPaid.map((n) => describeNotPaid(n, 'zh-CN', who))).toEqual(['2级未发放：TEA01 (d1) 没有上级']);
    const reasons = [
      evaluateCommissions(order, { level1: null, level2: null }, program),
      evaluateCommissions(order, { level1: { id: 'd1', status: 'suspended' }, level2: null }, program),
      evaluateCommissions(order, { level1: { id: 'd1', status: 'active' }, level2: { id: 'p1', status: 'pending' } }, program),
    ].flatMap((e) => e.notPaid);
    const en = reasons.map((n) => describeNotPaid(n, 'en', who));
    expect(en).toEqual([
      'Level 1 not paid: the order came without a distributor',
      'Level 2 not paid: there is no level-1 distributor, so no parent to pay',
      'Level 1 not paid: TEA01 (d1) is suspended',
      'Level 2 not paid: TEA01 (d1) is suspended, so nothing passes up to the parent',
      'Level 2 not paid: the parent TEA01 (p1) is pending approval',
    ]);
    // every engine reason is understood: no English left in the Chinese
    for (const n of reasons) expect(describeNotPaid(n, 'zh-CN', who)).not.toMatch(/[a-z]{4,}/);
  });
});
