/**
 * `pnpm demo`: the tracking server on embedded SQLite with a seeded demo
 * shop, plus the Lanxi Tea example shop wired to it. Prints every URL and
 * login. Ctrl-C stops all of it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { startServer } from '@twotier/server';
import { startShop } from 'static-shop';
import { seedDemo } from './demo/seed.ts';

const root = join(import.meta.dirname, '..');
const dir = join(root, '.demo');
const serverPort = Number(process.env.TWOTIER_PORT ?? 8787);
const shopPort = Number(process.env.SHOP_PORT ?? 3000);

function build(label: string, script: string, output: string): void {
  if (existsSync(output) && !process.argv.includes('--rebuild')) return;
  console.log(`building ${label}…`);
  execFileSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
}

build('the script tag', 'packages/widget/build.mjs', join(root, 'packages/widget/dist/twotier.js'));
build('the admin dashboard', 'packages/server/admin-ui/build.mjs', join(root, 'packages/server/dist-admin/index.html'));

// A fresh demo every run, so the seeded story is always the same.
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

let offset: number | null = null;
const operatorToken = randomBytes(16).toString('hex');
const server = await startServer({
  databaseUrl: join(dir, 'twotier.db'),
  port: serverPort,
  hostname: '127.0.0.1',
  operatorToken,
  // a local demo: webhooks may go to receivers on this machine (off on a real server)
  webhookAllowPrivate: true,
  now: () => new Date(offset ?? Date.now()),
  logger: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
  handleSignals: false,
});
const api = `http://127.0.0.1:${serverPort}`;
const shopUrl = `http://localhost:${shopPort}`;

console.log('seeding the demo shop (a program, eight distributors, four weeks of orders)…');
const admin = { email: 'owner@lanxi-tea.example', password: 'demo-admin-2026' };
const demo = await seedDemo({
  api,
  operatorToken,
  shopOrigins: [shopUrl, `http://127.0.0.1:${shopPort}`],
  clock: { set: (at) => void (offset = at) },
  admin,
});

const password = 'demo1234';
const shop = await startShop({
  port: shopPort,
  host: '127.0.0.1',
  api,
  publishableKey: demo.publishableKey,
  secretKey: demo.secretKey,
  dataDir: join(dir, 'shop'),
  users: [
    { email: 'staff@lanxi-tea.example', name: 'Shop staff', password, admin: true },
    { email: 'alice@lanxi-tea.example', name: 'Alice Wang', password, id: 'user-alice' },
    { email: 'bob@lanxi-tea.example', name: 'Bob Zhang', password, id: 'user-bob' },
    { email: 'dana@lanxi-tea.example', name: 'Dana Customer', password, id: 'user-dana' },
  ],
});

const lines = [
  '',
  'twotier demo is running',
  '',
  `  Shop (Lanxi Tea)        ${shopUrl}`,
  `  Try a referral link     ${shopUrl}/products/west-lake-longjing?ref=BOB`,
  `  Admin dashboard         ${api}/admin`,
  `  Tracking server API     ${api}/v1  (OpenAPI: ${api}/v1/openapi.json)`,
  '',
  '  Logins (password for all shop logins: demo1234)',
  `    admin dashboard       ${admin.email} / ${admin.password}`,
  '    level-1 distributor   alice@lanxi-tea.example   (code ALICE; recruited BOB and MEI)',
  '    level-2 distributor   bob@lanxi-tea.example     (code BOB; recruited by ALICE; recruited CHEN)',
  '    customer              dana@lanxi-tea.example    (not a distributor: can join from the share panel)',
  '    shop staff (refunds)  staff@lanxi-tea.example',
  '',
  `  Keys of the demo shop   publishable ${demo.publishableKey}`,
  `                          secret      ${demo.secretKey}`,
  `  Data                    ${dir}`,
  '',
  'Ctrl-C stops everything.',
  '',
];
console.log(lines.join('\n'));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  await shop.close();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
