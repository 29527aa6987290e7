import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startServer, type RunningServer } from '@twotier/server';
import { createPayoutKeyring } from '../../packages/server/src/payouts/keyring';
import { startShop } from 'static-shop';

const ROOT = join(import.meta.dirname, '../..');
const DAY = 86_400_000;

/** The shop's program in the journey: the rates the test computes by hand. */
export const PROGRAM = {
  levels: 2,
  defaultRates: { level1Bps: 1000, level2Bps: 300 },
  rules: [{ id: 'teaware-lower', when: { category: ['teaware'] }, level1: { percentBps: 600 }, level2: { percentBps: 200 } }],
  grades: [],
  attributionModel: 'last_click',
  attributionWindowDays: 30,
  binding: { mode: 'none' },
  selfPurchase: 'block',
  holdDays: 7,
  capBps: 3000,
  minWithdrawal: 1_000,
  joinPolicy: 'open',
} as const;

export type Shop = Awaited<ReturnType<typeof startShop>>;

/** Everything the journey runs against, on real sockets. */
export interface Stack {
  server: RunningServer;
  /** The tracking server's base URL (API, `/twotier.js`, `/admin`). */
  api: string;
  shop: Shop;
  /** The same twotier shop, behind Lanxi Tea's cookie banner (`consent: 'required'`). */
  strictShop: Shop;
  shopId: string;
  secretKey: string;
  admin: { email: string; password: string };
  /** Moves the server's clock by `days` from real time; `0` returns it to real time. */
  advanceClock(days: number): void;
  /** A call with the secret key; throws on an error status. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** Builds the tag and the dashboard when their output is missing (a fresh checkout). */
function buildIfMissing(): void {
  const builds: [string, string][] = [
    ['packages/widget/build.mjs', 'packages/widget/dist/twotier.js'],
    ['packages/server/admin-ui/build.mjs', 'packages/server/dist-admin/index.html'],
  ];
  for (const [script, output] of builds) {
    if (!existsSync(join(ROOT, output))) execFileSync(process.execPath, [script], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** A port free right now, so the shop's origin can be allowed before the shop starts. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the tracking server on a temporary SQLite file with a movable clock,
 * registers Lanxi Tea with the journey's program, an admin and distributor B,
 * and starts the shop twice: as is, and asking for cookie consent.
 */
export async function startStack(): Promise<Stack> {
  buildIfMissing();
  const file = join(tmpdir(), `twotier-e2e-${randomBytes(5).toString('hex')}.db`);
  const operatorToken = randomBytes(16).toString('hex');
  let offsetDays = 0;
  const server = await startServer({
    databaseUrl: file,
    port: 0,
    hostname: '127.0.0.1',
    operatorToken,
    now: () => new Date(Date.now() + offsetDays * DAY),
    logger: pino({ level: 'silent' }),
    handleSignals: false,
    settleEveryMs: 0,
    rateLimiter: false,
    clickBatch: { maxDelayMs: 1 },
    // distributors keep payout accounts (encrypted with this key) and withdraw to one
    payoutKeys: createPayoutKeyring(randomBytes(32).toString('base64')),
  });
  const api = server.url;
  const raw = async <T>(method: string, path: string, auth: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  const [shopPort, strictPort] = [await freePort(), await freePort()];
  const origins = [`http://127.0.0.1:${shopPort}`, `http://127.0.0.1:${strictPort}`];
  const created = await raw<{ id: string; publishableKey: string; secretKey: string }>('POST', '/v1/shops', operatorToken, {
    name: 'Lanxi Tea',
    currency: 'CNY',
    allowedOrigins: origins,
  });
  const call = <T>(method: string, path: string, body?: unknown) => raw<T>(method, path, created.secretKey, body);
  const admin = { email: 'owner@lanxi-tea.example', password: 'journey-admin-2026' };
  await raw('POST', '/v1/admin-users', operatorToken, { shopId: created.id, ...admin });
  await call('PUT', '/v1/program', PROGRAM);
  // B is a distributor already: the shop user `user-b` is the externalId the identity tokens carry.
  await call('POST', '/v1/distributors', { name: 'Bai Lin', code: 'BAILIN', externalId: 'user-b', email: 'b@lanxi.example' });

  const keys = { api, publishableKey: created.publishableKey, secretKey: created.secretKey };
  const users = [
    { email: 'b@lanxi.example', name: 'Bai Lin', password: 'bai-lin-2026', id: 'user-b' },
    { email: 'staff@lanxi.example', name: 'Wen Staff', password: 'staff-2026', admin: true },
  ];
  const shop = await startShop({ port: shopPort, ...keys, users });
  const strictShop = await startShop({ port: strictPort, ...keys, consent: 'required' });

  return {
    server,
    api,
    shop,
    strictShop,
    shopId: created.id,
    secretKey: created.secretKey,
    admin,
    advanceClock: (days) => void (offsetDays = days),
    call,
    async stop() {
      await shop.close();
      await strictShop.close();
      await server.stop();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}
