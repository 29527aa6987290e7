import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createApp, type AppOptions, type TwotierApp } from '../src/app';
import { openDatabase, type Db } from '../src/db';
import { nodeListener } from '../src/http/click-lane';

export const PG_URL = process.env.TWOTIER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const OPERATOR = 'op-token-for-tests';
export const ORIGIN = 'https://shop.example';

/** Opens a fresh database of one kind and removes it afterwards. */
export interface DbFactory {
  name: 'sqlite' | 'postgres';
  /** The database as `--db`/`DATABASE_URL` names it, for child processes. */
  url: string;
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

/** A temporary SQLite file. */
export function sqliteFactory(): DbFactory {
  const file = join(tmpdir(), `twotier-test-${randomBytes(6).toString('hex')}.db`);
  return {
    name: 'sqlite',
    url: file,
    open: () => openDatabase({ url: file }),
    cleanup: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

/** A fresh PostgreSQL schema in database `test`, dropped afterwards. */
export function postgresFactory(): DbFactory {
  const schema = `twotier_test_${randomBytes(5).toString('hex')}`;
  return {
    name: 'postgres',
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    open: () => openDatabase({ url: PG_URL, pgSchema: schema, poolSize: 20 }),
    cleanup: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** Whether PostgreSQL answers within a second. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A test clock that only moves when told. */
export class Clock {
  ms = Date.parse('2026-03-01T10:00:00Z');
  now = () => new Date(this.ms);
  advanceDays(days: number) {
    this.ms += days * 86_400_000;
  }
}

/** An app over `db`, with a test clock and (unless asked) no rate limits. */
export function makeApp(db: Db, clock: Clock, extra: Partial<AppOptions> = {}): TwotierApp {
  return createApp({ db, operatorToken: OPERATOR, now: clock.now, rateLimiter: false, clickBatch: { maxDelayMs: 2 }, ...extra });
}

/** A shop created through the operator API. */
export interface TestShop {
  id: string;
  pk: string;
  sk: string;
}

export async function createTestShop(app: TwotierApp, program?: object): Promise<TestShop> {
  const res = await app.request('/v1/shops', {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Lanxi Tea', currency: 'CNY', allowedOrigins: [ORIGIN] }),
  });
  if (res.status !== 201) throw new Error(`shop create failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; publishableKey: string; secretKey: string };
  const shop = { id: body.id, pk: body.publishableKey, sk: body.secretKey };
  if (program) {
    const put = await secret(app, shop, 'PUT', '/v1/program', program);
    if (put.status !== 200) throw new Error(`program put failed: ${put.status} ${JSON.stringify(put.body)}`);
  }
  return shop;
}

/** A JSON response. */
export interface Json {
  status: number;
  body: any;
  headers: Headers;
}

const toJson = async (res: Response): Promise<Json> => {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (CSV)
  }
  return { status: res.status, body, headers: res.headers };
};

/** A secret-key request. */
export async function secret(app: TwotierApp, shop: TestShop, method: string, path: string, body?: unknown): Promise<Json> {
  const res = await app.request(path, {
    method,
    headers: { authorization: `Bearer ${shop.sk}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return toJson(res);
}

/** A browser request (publishable key in the body, text/plain, from an origin). */
export async function browser(app: TwotierApp, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
  const res = await app.request(path, {
    method,
    headers: { origin: ORIGIN, ...(body !== undefined ? { 'content-type': 'text/plain' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return toJson(res);
}

/** A unique id for a test. */
export const uid = (prefix = 'id') => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Serves `app` as `twotier serve` does (the Node click lane, then Hono) on a free loopback port. */
export async function listenOnLoopback(app: TwotierApp): Promise<{ base: string; close(): Promise<void> }> {
  const server = createServer(nodeListener(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
