import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

/**
 * Issue 18: every published package, packed as a release would be, passes publint and
 * @arethetypeswrong/cli (the types each entry point resolves to under node16 and bundlers).
 *
 * Issue 16: a server installed from the packed npm packages into an empty folder serves its
 * dashboard at /admin and the script tag at /twotier.js (the packed @twotier/server used to lack
 * the dashboard: /admin answered 503), and a shop backend there can import @twotier/sdk.
 *
 * The four packages are packed with `pnpm pack` (their `prepack` builds them) from a copy of their
 * sources, so the checkout's own dist folders are never rebuilt under other tests; the copy
 * borrows the checkout's node_modules for the build tools. The tarballs are installed with
 * `npm install` into an empty folder. better-sqlite3's own install script (a 90-second compile)
 * is skipped and the checkout's compiled driver of the same pinned version copied in: what is
 * tested is what our packages ship, not better-sqlite3's build.
 */
const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
/** Every published package; the first four are installed and served. */
const PACKAGES = ['core', 'sdk', 'widget', 'server', 'vendure', 'medusa'];
const INSTALLED = ['core', 'sdk', 'widget', 'server'];
const bin = (name: string) => join(repo, 'node_modules/.bin', name);
const SKIP = new Set(['node_modules', 'dist', 'dist-admin', '.medusa', 'screenshots', 'test', 'coverage', '.screenshots']);
const work = mkdtempSync(join(tmpdir(), 'twotier-packed-'));
let server: ChildProcess | null = null;

afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const timings: Record<string, number> = {};
/** The tarball of each package, by its folder name. */
const tarballs: Record<string, string> = {};

// 1. a workspace of copied sources, packed as a release would be
beforeAll(async () => {
  const t0 = Date.now();
  const ws = join(work, 'ws');
  mkdirSync(join(ws, 'packages'), { recursive: true });
  for (const f of ['tsconfig.base.json', 'LICENSE']) copyFileSync(join(repo, f), join(ws, f));
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'packed-check', private: true, type: 'module' }));
  writeFileSync(join(ws, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  symlinkSync(join(repo, 'node_modules'), join(ws, 'node_modules'));
  const packs = join(work, 'packs');
  for (const name of PACKAGES) {
    const from = join(repo, 'packages', name);
    const to = join(ws, 'packages', name);
    cpSync(from, to, { recursive: true, filter: (src) => !SKIP.has(src.slice(from.length + 1).split('/')[0]!) || src === from });
    symlinkSync(join(from, 'node_modules'), join(to, 'node_modules'));
  }
  for (const name of PACKAGES) {
    const before = new Set(existsSync(packs) ? readdirSync(packs) : []);
    await exec('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', packs], { cwd: join(ws, 'packages', name), timeout: 300_000, maxBuffer: 1 << 24 });
    const made = readdirSync(packs).filter((f) => !before.has(f));
    expect(made).toHaveLength(1);
    tarballs[name] = join(packs, made[0]!);
  }
  timings.pack = Date.now() - t0;
}, 900_000);

describe.each(PACKAGES)('@twotier/%s as packed', (name) => {
  test('passes publint (warnings count as errors)', async () => {
    const run = await exec(bin('publint'), ['run', tarballs[name]!, '--strict', '--level', 'warning'], { timeout: 120_000 }).catch((error) => error);
    expect(run.code ?? 0, `${run.stdout}${run.stderr}`).toBe(0);
  }, 120_000);

  test('has types that resolve for every entry point (are the types wrong?)', async () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'packages', name, 'package.json'), 'utf8'));
    // Packages that ship CommonJS too are checked under node16 (require and import) and bundlers;
    // ESM-only ones (the server, the widget, the Medusa plugin) under ESM resolution only.
    const dual = JSON.stringify(pkg.exports).includes('"require"');
    // The widget's twotier.js (the script tag, an IIFE) and sizes (its size tool) are files, not typed modules.
    const files = name === 'widget' ? ['--exclude-entrypoints', './twotier.js', './sizes'] : [];
    const args = [tarballs[name]!, '--profile', dual ? 'node16' : 'esm-only', ...files, '--format', 'ascii', '--no-emoji', '--no-color'];
    const run = await exec(bin('attw'), args, { timeout: 120_000, maxBuffer: 1 << 24 }).catch((error) => error);
    expect(run.code ?? 0, `${run.stdout}${run.stderr}`).toBe(0);
  }, 120_000);
});

test('packed core, sdk, widget and server install into an empty folder and serve /admin, /twotier.js and /v1/openapi.json', async () => {
  // 2. an empty folder, npm install of the tarballs
  let t0 = Date.now();
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-shop-backend', private: true, type: 'module' }));
  await exec('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', ...INSTALLED.map((name) => tarballs[name]!)], { cwd: app, timeout: 300_000, maxBuffer: 1 << 24 });
  const driver = join(dirname(createRequire(join(repo, 'packages/server/package.json')).resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
  mkdirSync(join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
  copyFileSync(driver, join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
  timings.install = Date.now() - t0;

  // 3. the installed command: a shop, then the server
  t0 = Date.now();
  const twotier = join(app, 'node_modules/.bin/twotier');
  const created = await exec(twotier, ['shop', 'create', '--name', 'Packed', '--origin', 'https://shop.example', '--db', './twotier.db'], { cwd: app, timeout: 60_000 });
  const sk = /secret key:\s+(sk_\S+)/.exec(created.stdout)?.[1];
  expect(sk, created.stdout).toBeTruthy();
  const port = await freePort();
  server = spawn(twotier, ['serve', '--port', String(port), '--host', '127.0.0.1', '--db', './twotier.db'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout!.on('data', (b) => (log += b));
  server.stderr!.on('data', (b) => (log += b));
  const base = `http://127.0.0.1:${port}`;
  await expect.poll(() => fetch(`${base}/v1/openapi.json`).then((r) => r.status, () => 0), { timeout: 30_000, interval: 200 }).toBe(200);

  const openapi = await fetch(`${base}/v1/openapi.json`);
  expect(openapi.status, log).toBe(200);
  expect((await openapi.json()).paths['/v1/orders']).toBeDefined();

  const tag = await fetch(`${base}/twotier.js`);
  expect(tag.status, log).toBe(200);
  expect(await tag.text()).toContain('twotier');
  const admin = await fetch(`${base}/admin`);
  expect(admin.status, log).toBe(200);
  const html = await admin.text();
  const asset = /src="(\/admin\/assets\/app-[^"]+\.js)"/.exec(html)?.[1];
  expect(asset, html).toBeTruthy();
  expect((await fetch(base + asset)).status).toBe(200);

  // 4. a shop backend in that folder imports @twotier/sdk and records an order
  const script = `import { createTwotierClient } from '@twotier/sdk';
const tt = createTwotierClient({ baseUrl: ${JSON.stringify(base)}, secretKey: process.env.SK });
const r = await tt.orders.create({ id: 'packed-1', currency: 'CNY', items: [{ sku: 'tea', quantity: 2, unitPrice: 16800 }] });
console.log(JSON.stringify(r.order.id));`;
  writeFileSync(join(app, 'backend.mjs'), script);
  const ran = await exec(process.execPath, ['backend.mjs'], { cwd: app, env: { ...process.env, SK: sk! }, timeout: 30_000 });
  expect(ran.stdout.trim()).toBe('"packed-1"');
  timings.serve = Date.now() - t0;
  console.log(`[packed-install] pack ${timings.pack} ms, npm install ${timings.install} ms, serve and check ${timings.serve} ms`);
}, 900_000);
