/**
 * Commission engine throughput: line items evaluated per second for a
 * program of 50 rules, against the same orders under one catch-all rule.
 *
 *   pnpm exec tsx scripts/bench-commission.ts
 *   node --import tsx scripts/bench-commission.ts
 *
 * `benchCommission()` is exported for a top-level bench runner.
 */
import { pathToFileURL } from 'node:url';
import { evaluateCommissions } from '../packages/core/src/commission/evaluate';
import type { CommissionOrder, DistributorChain } from '../packages/core/src/commission/types';
import { programSchema, type Program, type ProgramInput } from '../packages/core/src/schema/program';

/** What one run measured. */
export interface CommissionBench {
  /** Line items per CPU second with 50 rules. */
  rules50PerSec: number;
  /** Line items per CPU second with one rule. */
  rules1PerSec: number;
  /** rules50PerSec ÷ rules1PerSec. */
  ratio: number;
}

/** How much to measure. */
export interface CommissionBenchOptions {
  /** Orders in the fixed workload (default 20 000, about 90 000 lines). */
  orders?: number;
  /** CPU time per measured round, ms (default 1 200; 4 rounds in all plus warm-up, under 20 s of wall time). */
  roundMs?: number;
}

/** A small deterministic PRNG (mulberry32), so every run measures the same orders. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

const SKUS = Array.from({ length: 400 }, (_, i) => `SKU-${i}`);
const CATEGORIES = ['tea', 'coffee', 'books', 'toys', 'garden', 'kitchen', 'beauty', 'sport', 'gift', 'music'];
const REGIONS = ['north', 'south', 'east', 'west'];

const fiftyRules = (): ProgramInput['rules'] => {
  const rules: NonNullable<ProgramInput['rules']> = [];
  for (let i = 0; i < 25; i++) {
    const rate = i % 5 === 0 ? { fixedPerUnit: 100 + i } : { percentBps: 500 + i * 37 };
    rules.push({ id: `sku-${i}`, when: { sku: [SKUS[i * 7]!, SKUS[i * 7 + 3]!] }, level1: rate, level2: { percentBps: 200 + i } });
  }
  for (let i = 0; i < 10; i++) {
    rules.push({ id: `cat-${i}`, when: { category: [CATEGORIES[i]!], customer: i % 2 ? 'new' : 'returning' }, level1: { percentBps: 800 + i * 50 } });
  }
  for (let i = 0; i < 5; i++) rules.push({ id: `grade-${i}`, when: { grade: ['gold'], category: [CATEGORIES[i * 2]!] }, level1: { percentBps: 1500 }, level2: { percentBps: 600 } });
  for (let i = 0; i < 5; i++) rules.push({ id: `region-${i}`, priority: i === 0 ? 5 : 0, when: { region: [REGIONS[i % 4]!], from: '2026-01-01', until: '2026-12-31' }, level1: { percentBps: 700 + i } });
  for (let i = 0; i < 3; i++) rules.push({ id: `promo-${i}`, priority: 10, when: { sku: [SKUS[300 + i]!], from: '2026-11-11', until: '2026-11-11' }, level1: { percentBps: 2000 } });
  rules.push({ id: 'gift-cards', when: { category: ['gift'] }, exclude: true });
  rules.push({ id: 'kitchen-fixed', when: { category: ['kitchen'], region: ['east'] }, level1: { fixedPerUnit: 120 }, level2: { fixedPerUnit: 40 } });
  return rules;
};

const makePrograms = (): [Program, Program] => {
  const base = { levels: 2 as const, defaultRates: { level1Bps: 1000, level2Bps: 300 }, capBps: 3000 };
  const grades = [{ id: 'gold', name: 'Gold', level1Bps: 1500, level2Bps: 500 }];
  const rich = programSchema.parse({ ...base, grades, rules: fiftyRules() });
  const single = programSchema.parse({ ...base, grades, rules: [{ id: 'all', level1: { percentBps: 1000 }, level2: { percentBps: 300 } }] });
  if (rich.rules.length !== 50) throw new Error(`expected 50 rules, built ${rich.rules.length}`);
  return [rich, single];
};

const makeWorkload = (count: number) => {
  const next = random(20_261_111);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const orders: CommissionOrder[] = [];
  const chains: DistributorChain[] = [];
  let lines = 0;
  for (let o = 0; o < count; o++) {
    const n = 1 + Math.floor(next() * 8);
    lines += n;
    const items = Array.from({ length: n }, () => {
      const quantity = 1 + Math.floor(next() * 3);
      const unitPrice = 100 + Math.floor(next() * 50_000);
      return { sku: pick(SKUS), category: next() < 0.9 ? pick(CATEGORIES) : undefined, quantity, unitPrice, discount: next() < 0.2 ? Math.floor(unitPrice / 10) : 0 };
    });
    orders.push({
      items,
      discount: next() < 0.3 ? 100 : 0,
      shipping: 800,
      region: pick(REGIONS),
      customer: next() < 0.5 ? 'new' : 'returning',
      placedAt: new Date(Date.UTC(2026, Math.floor(next() * 12), 1 + Math.floor(next() * 28))),
    });
    chains.push({ level1: { id: `d${o}`, status: 'active', grade: next() < 0.3 ? 'gold' : null }, level2: next() < 0.7 ? { id: `p${o}`, status: 'active' } : null });
  }
  return { orders, chains, lines };
};

/** CPU time of this process, ms (user + system). */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Evaluates the workload repeatedly for about `ms` of CPU time (at most 2 × `ms`
 * of wall time); returns line items per CPU second, so that other processes on a
 * shared machine do not count against the engine.
 */
const measure = (program: Program, w: ReturnType<typeof makeWorkload>, ms: number): number => {
  let checksum = 0;
  let passes = 0;
  const wallStart = performance.now();
  const cpuStart = cpuMs();
  let cpu = 0;
  do {
    for (let i = 0; i < w.orders.length; i++) {
      const result = evaluateCommissions(w.orders[i]!, w.chains[i]!, program);
      checksum += result.commissions.length === 0 ? 0 : result.commissions[0]!.amount;
    }
    passes++;
    cpu = cpuMs() - cpuStart;
  } while (cpu < ms && performance.now() - wallStart < ms * 2);
  if (checksum < 0) throw new Error('unreachable');
  return (w.lines * passes) / (cpu / 1000);
};

/**
 * Measures the engine on one core: a warm-up of each program, then two
 * alternating rounds of each, keeping each program's best round.
 */
export function benchCommission(options: CommissionBenchOptions = {}): CommissionBench {
  const [rich, single] = makePrograms();
  const workload = makeWorkload(options.orders ?? 20_000);
  const roundMs = options.roundMs ?? 1_200;
  measure(rich, workload, roundMs / 2);
  measure(single, workload, roundMs / 2);
  let rules50PerSec = 0;
  let rules1PerSec = 0;
  for (let round = 0; round < 2; round++) {
    rules50PerSec = Math.max(rules50PerSec, measure(rich, workload, roundMs));
    rules1PerSec = Math.max(rules1PerSec, measure(single, workload, roundMs));
  }
  return { rules50PerSec, rules1PerSec, ratio: rules50PerSec / rules1PerSec };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const result = benchCommission();
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`commission engine, ${process.version}, one core`);
  console.log(`  50 rules : ${fmt(result.rules50PerSec)} line items per CPU second`);
  console.log(`   1 rule  : ${fmt(result.rules1PerSec)} line items per CPU second`);
  console.log(`  ratio    : ${result.ratio.toFixed(3)} (50 rules ÷ 1 rule)`);
  console.log(`  target   : ≥ 1,000,000 line items/s with 50 rules — ${result.rules50PerSec >= 1_000_000 ? 'met' : 'NOT met'}`);
  console.log(`  took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
