/**
 * `pnpm bench`: every figure twotier reports, each beside a baseline
 * measured in the same run (these machines are shared and noisy, so ratios
 * are what travel). Writes docs/benchmarks.md. Not part of the test command.
 *
 *   pnpm bench                 everything
 *   pnpm bench -- --only sizes,commission,server,admin
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only = onlyArg ? new Set((onlyArg.split('=')[1] ?? process.argv[process.argv.indexOf(onlyArg) + 1] ?? '').split(',')) : null;
const want = (name: string) => !only || only.has(name);

const sections: string[] = [];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const started = Date.now();

function section(title: string, command: string, body: string[]): void {
  const text = [`## ${title}`, '', `Command: \`${command}\``, '', ...body, ''].join('\n');
  sections.push(text);
  console.log(`\n${text}`);
}

async function load<T>(file: string): Promise<T | null> {
  const path = join(root, 'scripts', file);
  if (!existsSync(path)) return null;
  return (await import(pathToFileURL(path).href)) as T;
}

if (want('sizes')) {
  execFileSync(process.execPath, [join(root, 'packages/widget/build.mjs')], { cwd: root, stdio: 'ignore' });
  const sizes = JSON.parse(readFileSync(join(root, 'packages/widget/dist/sizes.json'), 'utf8')) as Record<string, { file: string; gzip: number; budget: number }>;
  const published = [
    ['Dub Analytics base script', 1670],
    ['Umami', 2200],
    ['Plausible npm tracker', 2700],
  ] as const;
  const loader = sizes.loader?.gzip ?? 0;
  // A page that lands with ?ref= loads the loader and the tracking chunk: that is what compares with other trackers.
  const landing = loader + (sizes.track?.gzip ?? 0);
  section('Script tag and share panel sizes (min+gzip)', 'node packages/widget/build.mjs', [
    '| file | bytes | budget | share of budget |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(sizes).map(([name, s]) => `| ${name} (\`${s.file}\`) | ${fmt(s.gzip)} | ${fmt(s.budget)} | ${fmt((s.gzip / s.budget) * 100)}% |`),
    '',
    `A page without a referral, panel or queued call loads only the loader (${fmt(loader)} B). A referral landing page loads the loader and the tracking chunk: ${fmt(landing)} B.`,
    '',
    '| published tracker script | bytes | twotier loader ÷ it | twotier referral landing ÷ it |',
    '| --- | ---: | ---: | ---: |',
    ...published.map(([name, bytes]) => `| ${name} | ${fmt(bytes)} | ${fmt(loader / bytes, 2)}× | ${fmt(landing / bytes, 2)}× |`),
  ]);
}

if (want('commission')) {
  const mod = await load<typeof import('./bench-commission.ts')>('bench-commission.ts');
  if (mod) {
    const r = mod.benchCommission();
    section('Commission engine', 'tsx scripts/bench-commission.ts', [
      '| program | line items per CPU second |',
      '| --- | ---: |',
      `| 50 rules (sku and category indexed) | ${fmt(r.rules50PerSec)} |`,
      `| baseline: 1 catch-all rule, same orders | ${fmt(r.rules1PerSec)} |`,
      '',
      `Ratio 50 rules ÷ 1 rule: **${fmt(r.ratio, 2)}**. Target ≥ 1,000,000 line items/s with 50 rules: ${r.rules50PerSec >= 1_000_000 ? 'met' : 'NOT met'}.`,
    ]);
  }
}

if (want('server')) {
  const mod = await load<{ benchServer: () => Promise<unknown>; formatServerBench?: (r: unknown) => string[] }>('bench-server.ts');
  if (mod) {
    const r = await mod.benchServer();
    section('Tracking server over HTTP', 'tsx scripts/bench-server.ts', mod.formatServerBench ? mod.formatServerBench(r) : ['```json', JSON.stringify(r, null, 2), '```']);
  } else {
    section('Tracking server over HTTP', 'tsx scripts/bench-server.ts', ['Not measured: scripts/bench-server.ts is not in this tree.']);
  }
}

if (want('admin')) {
  const mod = await load<typeof import('./bench-admin.ts')>('bench-admin.ts');
  if (mod) {
    const r = await mod.benchAdmin();
    const row = (name: string, key: keyof typeof r.growth) =>
      `| ${name} | ${fmt(r.small[key].p50, 1)} / ${fmt(r.small[key].p95, 1)} | ${fmt(r.large[key].p50, 1)} / ${fmt(r.large[key].p95, 1)} | ${fmt(r.growth[key], 2)}× |`;
    section('Dashboard API at 10k and 1M orders', 'tsx scripts/bench-admin.ts', [
      `Small: ${fmt(r.small.distributors)} distributors, ${fmt(r.small.orders)} orders. Large: ${fmt(r.large.distributors)} distributors, ${fmt(r.large.orders)} orders (SQLite). The two sizes are measured request by request in turn, ${fmt(25)} requests each after 3 warm-ups.`,
      '',
      '| endpoint | small p50 / p95 ms | large p50 / p95 ms | growth (large ÷ small p50) |',
      '| --- | ---: | ---: | ---: |',
      row('distributors, first page', 'distributorsFirstPage'),
      row('distributors, deep page', 'distributorsDeepPage'),
      row('distributors, search', 'distributorsSearch'),
      row('distributors sorted by sales, first page', 'distributorsBySales'),
      row('distributors sorted by sales, deep page', 'distributorsBySalesDeep'),
      row('overview, 30 days', 'overview30d'),
      row('GET /v1/stats by day, 30 days', 'stats30d'),
      '',
      `Every large p95 under 300 ms: ${r.under300ms ? 'yes' : 'NO'}. Target growth ≤ 1.5× for 100× the data: ${Object.values(r.growth).every((g) => g <= 1.5) ? 'met' : 'NOT met'} (largest ${fmt(Math.max(...Object.values(r.growth)), 1)}×).`,
    ]);
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB memory, Node ${process.version}`;
const doc = [
  '# Benchmarks',
  '',
  `Written by \`pnpm bench\` on ${new Date().toISOString().slice(0, 10)}. Machine: ${machine}.`,
  'Each figure stands beside a baseline measured in the same run; on shared machines the ratios are what to compare.',
  `The whole run took ${fmt((Date.now() - started) / 1000)} s.`,
  '',
  ...sections,
].join('\n');
// what follows this line in docs/benchmarks.md was measured outside this script (with its own command, date and commit): kept as it is
const KEPT = '<!-- measured outside pnpm bench: kept as written when pnpm bench rewrites this file -->';
const docFile = join(root, 'docs/benchmarks.md');
const previous = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '';
const kept = previous.includes(KEPT) ? `\n${previous.slice(previous.indexOf(KEPT))}` : '';
if (!only) writeFileSync(docFile, `${doc}${kept}`);
console.log(only ? '\n(partial run: docs/benchmarks.md left as it was)' : '\nwrote docs/benchmarks.md');
