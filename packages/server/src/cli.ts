import { shopCreateSchema } from '@twotier/core/schema';
import { parseArgs } from 'node:util';
import { ADMIN_HELP, runAdminCommand } from './admin/cli-admin';
import { DB_HELP } from './db/db-cli';
import { openDatabase } from './db';
import { parseTrustProxy } from './http/client-ip';
import { startServer } from './node';
import { settleDue } from './services/settlement';
import { runAllBonuses } from './background/background-jobs';
import { ShopStore } from './services/shop-store';
import { createShop } from './services/shops';
import { emailSettingsFromEnv } from './email/email-settings';
import { createPayoutKeyring } from './payouts/keyring';

const HELP = `twotier — the twotier tracking server

  twotier serve [--port 8787] [--host 0.0.0.0] [--db ./twotier.db] [--sync full|normal] [--workers N]
      Serves API v1. DATABASE_URL=postgres://… uses PostgreSQL instead of the SQLite file.
      --workers N (PostgreSQL only): N processes sharing the port; a worker that dies is started again, and
      the PID you started is the one to signal (its workers exit with it). Several machines or processes:
      put nginx in front (docs/self-hosting.md) and set TWOTIER_TRUST_PROXY=1.
      --sync (or TWOTIER_SQLITE_SYNC): full (default) fsyncs every commit and survives power loss;
      normal survives crashes and kill -9, not power loss, and commits much faster on slow disks.
      TWOTIER_OPERATOR_TOKEN enables the operator API (POST /v1/shops).
      DATABASE_READ_URL=postgres://… (a streaming replica) serves GET /v1/stats and the dashboard's read-only reports.
      REDIS_URL=redis://… shares rate limits between processes (otherwise each process counts its own).
      TWOTIER_WEBHOOK_ALLOW_PRIVATE=1 lets webhooks go to loopback and private addresses (development only).
      TWOTIER_WEBHOOK_TIMEOUT_MS: one webhook request's whole time (default 10000).
      TWOTIER_IDENTITY_TOKEN_MAX_LIFETIME=seconds: identity tokens whose exp is further ahead are refused (default 86400).
      TWOTIER_TRUST_PROXY=N: N proxies in front append to X-Forwarded-For; the client IP is the entry the outermost added.
      TWOTIER_PAYOUT_KEY: 32 random bytes (base64 or hex) encrypting distributors' payout accounts; without it they
      cannot be stored. TWOTIER_PAYOUT_KEYS_OLD: previous keys, comma-separated, kept for reading during a rotation.
      TWOTIER_SMTP_URL=smtp://user:pass@host:587 and TWOTIER_EMAIL_FROM="Shop <payouts@shop.example>" email distributors
      when money moves; TWOTIER_PUBLIC_URL is this server's public address for unsubscribe links. Unset: no email.
  twotier shop create --name <name> --origin <https://shop.example> [--origin …] [--currency CNY] [--db …]
      Creates a shop and prints its keys (the secret key is shown once).
${ADMIN_HELP}${DB_HELP}  twotier settle [--db …]
      Moves commissions whose hold period has ended to available, now.
  twotier payout-keys rotate [--db …]
      Re-encrypts every payout account with TWOTIER_PAYOUT_KEY, reading old ones with TWOTIER_PAYOUT_KEYS_OLD.
      Exit code 1 when an account could not be read (its key is missing): keep the old key until it is 0.
  twotier doctor [--shop <shop id>] [--db …]
      Lists money stored in a currency its shop does not accept (orders recorded before currencies were
      checked, the balances they left); such money is never counted in the shop's currency. Exit code 1 when found.
`;

/** `TWOTIER_IDENTITY_TOKEN_MAX_LIFETIME`: whole seconds from 60 to 30 days. */
function identityTokenMaxLifetime(value: string | undefined): { identityTokenMaxLifetimeSeconds?: number } {
  if (!value) return {};
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 30 * 86_400) {
    throw new Error(`TWOTIER_IDENTITY_TOKEN_MAX_LIFETIME must be whole seconds from 60 to 2592000, got ${value}`);
  }
  return { identityTokenMaxLifetimeSeconds: seconds };
}

/** `TWOTIER_WEBHOOK_TIMEOUT_MS`: a whole number of ms from 100 to 120,000. */
function webhookTimeout(value: string | undefined): { webhookTimeoutMs?: number } {
  if (!value) return {};
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 120_000) throw new Error(`TWOTIER_WEBHOOK_TIMEOUT_MS must be a whole number of ms from 100 to 120000, got ${value}`);
  return { webhookTimeoutMs: ms };
}

const databaseUrl = (db: string | undefined): string => process.env.DATABASE_URL || db || './twotier.db';

/** Runs the `twotier` command line with `argv` (without node and script). */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'db') return (await import('./db/db-cli')).runDbCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      currency: { type: 'string' },
      sync: { type: 'string' },
      shop: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'serve') {
    const port = Number(values.port ?? process.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
    const sync = values.sync ?? process.env.TWOTIER_SQLITE_SYNC ?? 'full';
    if (sync !== 'full' && sync !== 'normal') throw new Error(`--sync must be full or normal, got ${sync}`);
    await startServer({
      sqliteSynchronous: sync,
      port,
      hostname: values.host ?? '0.0.0.0',
      databaseUrl: databaseUrl(values.db),
      databaseReadUrl: process.env.DATABASE_READ_URL || undefined,
      operatorToken: process.env.TWOTIER_OPERATOR_TOKEN || null,
      trustProxy: parseTrustProxy(process.env.TWOTIER_TRUST_PROXY),
      redisUrl: process.env.REDIS_URL || undefined,
      webhookAllowPrivate: process.env.TWOTIER_WEBHOOK_ALLOW_PRIVATE === '1',
      payoutKeys: createPayoutKeyring(process.env.TWOTIER_PAYOUT_KEY, process.env.TWOTIER_PAYOUT_KEYS_OLD),
      email: emailSettingsFromEnv(process.env),
      ...webhookTimeout(process.env.TWOTIER_WEBHOOK_TIMEOUT_MS),
      ...identityTokenMaxLifetime(process.env.TWOTIER_IDENTITY_TOKEN_MAX_LIFETIME),
    });
    return -1; // keeps running until a signal
  }
  if (command === 'shop' && sub === 'create') {
    const input = shopCreateSchema.safeParse({ name: values.name, currency: values.currency ?? 'CNY', allowedOrigins: values.origin ?? [] });
    if (!input.success) {
      process.stderr.write(`${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
      return 2;
    }
    const db = await openDatabase({ url: databaseUrl(values.db) });
    try {
      const shop = await createShop(db, input.data, Date.now());
      process.stdout.write(
        `shop ${shop.id} (${shop.name}, ${shop.currency})\n` +
          `allowed origins: ${shop.allowedOrigins.join(', ') || '(none)'}\n` +
          `publishable key: ${shop.publishableKey}\n` +
          `secret key:      ${shop.secretKey}\n` +
          `The secret key is shown once: keep it on your server.\n`,
      );
    } finally {
      await db.close();
    }
    return 0;
  }
  if (command === 'admin') return runAdminCommand(sub, values, databaseUrl(values.db));
  if (command === 'doctor') {
    const { currencyDoctor, formatDoctor } = await import('./currency-doctor');
    const db = await openDatabase({ url: databaseUrl(values.db) });
    try {
      const findings = await currencyDoctor(db, values.shop);
      process.stdout.write(formatDoctor(findings));
      return findings.length > 0 ? 1 : 0;
    } finally {
      await db.close();
    }
  }
  if (command === 'payout-keys' && sub === 'rotate') {
    const keyring = createPayoutKeyring(process.env.TWOTIER_PAYOUT_KEY, process.env.TWOTIER_PAYOUT_KEYS_OLD);
    if (!keyring) {
      process.stderr.write('TWOTIER_PAYOUT_KEY is not set: give the new key there and the old ones in TWOTIER_PAYOUT_KEYS_OLD\n');
      return 2;
    }
    const { rotatePayoutKeys } = await import('./payouts/rotate-keys');
    const db = await openDatabase({ url: databaseUrl(values.db) });
    try {
      const r = await rotatePayoutKeys(db, keyring);
      process.stdout.write(`payout accounts re-encrypted with key ${keyring.current.id}: ${r.rotated}; already under it: ${r.current}; unreadable: ${r.unreadable.length}\n`);
      for (const u of r.unreadable) process.stdout.write(`  ${u.shopId} ${u.id}: key ${u.keyId} is not in TWOTIER_PAYOUT_KEY or TWOTIER_PAYOUT_KEYS_OLD\n`);
      return r.unreadable.length > 0 ? 1 : 0;
    } finally {
      await db.close();
    }
  }
  if (command === 'settle') {
    const db = await openDatabase({ url: databaseUrl(values.db) });
    try {
      const r = await settleDue(db, Date.now());
      process.stdout.write(`settled ${r.settled} commissions, ${r.amount} minor units now available\n`);
      const periods = await runAllBonuses(db, new ShopStore(db), Date.now());
      if (periods > 0) process.stdout.write(`paid the bonuses of ${periods} closed periods\n`);
    } finally {
      await db.close();
    }
    return 0;
  }
  process.stderr.write(`unknown command: ${positionals.join(' ')}\n\n${HELP}`);
  return 2;
}
