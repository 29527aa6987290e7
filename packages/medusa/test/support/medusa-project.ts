import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TwotierMedusaOptions } from '../../src/options';
import { buildMedusaPlugin } from '../../build.mjs';

const PACKAGE_DIR = join(import.meta.dirname, '../..');

/** PostgreSQL as an administrator (to create the shop's database) and Redis, both on loopback. */
export const PG_ADMIN_URL = process.env.TWOTIER_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Redis database 14 is this test's: queues are named for the run, and what the run leaves is deleted after it. */
export const REDIS_URL = process.env.TWOTIER_TEST_MEDUSA_REDIS_URL ?? 'redis://127.0.0.1:6379/14';

/** A port free right now on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** A running `medusa start`. */
export interface MedusaServer {
  url: string;
  /** SIGTERM to its process group, SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** A Medusa application in a temporary folder, with the plugin installed as a shop installs it. */
export interface MedusaProject {
  dir: string;
  database: string;
  /** A file the project's marker subscriber appends `<event> <id>` to, for every event the plugin listens to. */
  eventsLog: string;
  /** Runs the `medusa` CLI to completion (`db:migrate`, …). */
  run(args: string[], timeoutMs?: number): Promise<void>;
  start(port: number): Promise<MedusaServer>;
  /** Drops the database and removes the folder. */
  cleanup(): Promise<void>;
}

/**
 * The Medusa CLI in a child process. Its output goes to `<dir>/<name>.log`,
 * whose tail is in the error when it fails.
 */
function spawnMedusa(dir: string, name: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; log: string } {
  const log = join(dir, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(process.execPath, [join(dir, 'node_modules/@medusajs/cli/cli.js'), ...args], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return { child, log };
}

const tail = (file: string): string => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
};

/**
 * The shop's Medusa project: `node_modules` linking this package's Medusa
 * install, the plugin built into `node_modules/@twotier/medusa` the way
 * `npm install` would place it, `medusa-config.js` written by hand (the
 * starter `create-medusa-app` downloads is not on the registry), a fresh
 * PostgreSQL database, Redis for the event bus and the workflow engine
 * (queues named for this run), and two test-only routes and a subscriber of
 * the project itself: one creates the admin user, one emits events on
 * Medusa's bus, and the subscriber notes each event the plugin listens to.
 */
export async function createMedusaProject(runId: string, plugin: TwotierMedusaOptions): Promise<MedusaProject> {
  const dir = join(tmpdir(), `twotier-medusa-${runId}`);
  const database = `twotier_medusa_${runId}`;
  mkdirSync(join(dir, 'node_modules/@twotier/medusa'), { recursive: true });
  for (const entry of readdirSync(join(PACKAGE_DIR, 'node_modules'))) {
    if (entry !== '@twotier') symlinkSync(join(PACKAGE_DIR, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  const installed = join(dir, 'node_modules/@twotier/medusa');
  copyFileSync(join(PACKAGE_DIR, 'package.json'), join(installed, 'package.json'));
  await buildMedusaPlugin(installed);

  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'medusa-shop', private: true, dependencies: { '@medusajs/medusa': '2.21.2', '@twotier/medusa': '*' } }));
  writeFileSync(
    join(dir, 'medusa-config.js'),
    `const { defineConfig } = require('@medusajs/framework/utils');
const config = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    http: { storeCors: 'http://127.0.0.1', adminCors: 'http://127.0.0.1', authCors: 'http://127.0.0.1', jwtSecret: 'test-jwt-${runId}', cookieSecret: 'test-cookie-${runId}' },
  },
  admin: { disable: true },
  plugins: [{ resolve: '@twotier/medusa', options: ${JSON.stringify(plugin)} }],
  modules: [
    { resolve: '@medusajs/medusa/event-bus-redis', options: { redisUrl: process.env.REDIS_URL, queueName: 'twotier-${runId}-events' } },
    { resolve: '@medusajs/medusa/workflow-engine-redis', options: { redis: { redisUrl: process.env.REDIS_URL, queueName: 'twotier-${runId}-workflows', jobQueueName: 'twotier-${runId}-jobs' } } },
  ],
});
// defineConfig always adds the draft-order admin plugin, which this shop does not install.
config.plugins = config.plugins.filter((p) => p.resolve !== '@medusajs/draft-order');
module.exports = config;
`,
  );
  const eventsLog = join(dir, 'events.log');
  writeFileSync(eventsLog, '');
  const routes = join(dir, 'src/api/twotier-test');
  mkdirSync(join(routes, 'admin-user'), { recursive: true });
  mkdirSync(join(routes, 'emit'), { recursive: true });
  mkdirSync(join(dir, 'src/subscribers'), { recursive: true });
  writeFileSync(
    join(routes, 'admin-user/route.js'),
    `const { Modules } = require('@medusajs/framework/utils');
const { createUsersWorkflow } = require('@medusajs/medusa/core-flows');
// What \`medusa user -e -p\` does, without booting a second process.
exports.POST = async (req, res) => {
  const { email, password } = req.body;
  const { result } = await createUsersWorkflow(req.scope).run({ input: { users: [{ email }] } });
  const auth = req.scope.resolve(Modules.AUTH);
  const { authIdentity, error } = await auth.register('emailpass', { body: { email, password } });
  if (error) return res.status(400).json({ error });
  await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { user_id: result[0].id } });
  res.json({ id: result[0].id });
};
`,
  );
  writeFileSync(
    join(routes, 'emit/route.js'),
    `const { Modules } = require('@medusajs/framework/utils');
// Emits events on Medusa's own bus, as the framework's workflows do.
exports.POST = async (req, res) => {
  await req.scope.resolve(Modules.EVENT_BUS).emit(req.body.events.map((e) => ({ name: e.name, data: e.data })));
  res.json({ emitted: req.body.events.length });
};
`,
  );
  writeFileSync(
    join(dir, 'src/subscribers/twotier-test-marker.js'),
    `const { appendFileSync } = require('node:fs');
exports.default = async ({ event }) => { appendFileSync(${JSON.stringify(eventsLog)}, event.name + ' ' + event.data.id + '\\n'); };
exports.config = { event: ['order.placed', 'order.canceled', 'payment.captured', 'payment.refunded'], context: { subscriberId: 'twotier-test-marker' } };
`,
  );

  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, '.config'),
    // Medusa phones home unless told not to; this network allows only the package registries.
    MEDUSA_DISABLE_TELEMETRY: 'true',
    TS_NODE_TRANSPILE_ONLY: 'true',
    // "localhost", not 127.0.0.1: Medusa turns SSL on for any other database host.
    DATABASE_URL: `postgres://postgres@localhost:5432/${database}`,
    REDIS_URL,
    LOG_LEVEL: 'info',
  };

  return {
    dir,
    database,
    eventsLog,
    run: (args, timeoutMs = 150_000) =>
      new Promise((resolve, reject) => {
        const { child, log } = spawnMedusa(dir, args[0]!.replace(/\W/g, '-'), args, env);
        const timer = setTimeout(() => {
          process.kill(-child.pid!, 'SIGKILL');
          reject(new Error(`medusa ${args.join(' ')} took over ${timeoutMs} ms:\n${tail(log)}`));
        }, timeoutMs);
        child.on('exit', (code) => {
          clearTimeout(timer);
          if (code === 0) resolve();
          else reject(new Error(`medusa ${args.join(' ')} exited with ${code}:\n${tail(log)}`));
        });
      }),
    start: async (port) => {
      const { child, log } = spawnMedusa(dir, `start-${port}-${Date.now()}`, ['start', '-H', '127.0.0.1', '-p', String(port)], { ...env, NODE_ENV: 'production' });
      const url = `http://127.0.0.1:${port}`;
      let exited: number | null = null;
      child.on('exit', (code) => {
        exited = code ?? -1;
      });
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (exited !== null) throw new Error(`medusa start exited with ${exited}:\n${tail(log)}`);
        if (Date.now() > deadline) {
          process.kill(-child.pid!, 'SIGKILL');
          throw new Error(`medusa start did not answer /health in 120 s:\n${tail(log)}`);
        }
        const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      return {
        url,
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited !== null) return resolve();
            const kill = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            process.kill(-child.pid!, 'SIGTERM');
          }),
      };
    },
    cleanup: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
