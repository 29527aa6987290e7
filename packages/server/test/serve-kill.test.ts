import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { PG_URL, postgresFactory, postgresReachable, sqliteFactory, type DbFactory } from './harness';
import { childProcesses, freePort, isRunning, killStartedServers, listensOn, processesHolding, processesMentioning, startServe, within } from './serve-bin';

// What an operator or a supervisor does: SIGKILL the PID of the `twotier serve` they started.
// Nothing of that server may outlive it: not the port, not the database, not a process.

const reachable = await postgresReachable();
if (!reachable) console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: its kill -9 case SKIPPED !!!\n`);
const factories: DbFactory[] = [];
const ports: number[] = [];
afterAll(async () => {
  killStartedServers();
  // a server that outlived the kill (the failure this file is about) must not outlive the test
  for (const port of ports) for (const pid of processesMentioning(`serve --host 127.0.0.1 --port ${port}`)) process.kill(pid, 'SIGKILL');
  for (const f of factories) await f.cleanup();
});

/** Connections PostgreSQL still has open for `applicationName`. */
async function pgConnections(applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = $1', [applicationName]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

const kinds = [
  { name: 'SQLite', make: sqliteFactory, skip: false },
  { name: 'PostgreSQL', make: postgresFactory, skip: !reachable && !process.env.CI },
];

describe.skipIf(process.platform !== 'linux')('kill -9 of the `twotier serve` PID', () => {
  for (const kind of kinds) {
    test.skipIf(kind.skip)(`${kind.name}: within 2 s the port is free and the database released; a new serve on both answers`, async () => {
      const factory = kind.make();
      factories.push(factory);
      // the schema exists and is migrated before the first server starts, as for the other PostgreSQL child-process tests
      await (await factory.open()).close();
      const marker = `twotier_kill_${randomBytes(4).toString('hex')}`;
      const sqlite = factory.name === 'sqlite';
      const args = sqlite ? ['--db', factory.url] : [];
      const env = sqlite ? { DATABASE_URL: '' } : { DATABASE_URL: `${factory.url}&application_name=${marker}` };
      const files = sqlite ? [factory.url, `${factory.url}-wal`, `${factory.url}-shm`] : [];
      const port = await freePort();
      ports.push(port);

      const first = await startServe(['--port', String(port), ...args], env);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      expect(listensOn(port)).toBe(true);
      if (sqlite) expect(processesHolding(files)).toContain(first.pid);
      else expect(await pgConnections(marker)).toBeGreaterThan(0);
      const children = childProcesses(first.pid).map((c) => c.pid);

      process.kill(first.pid, 'SIGKILL');
      const ms = await within(2000, 'the port is free, the database released, nothing left running', async () => {
        if (listensOn(port)) return false;
        if (sqlite ? processesHolding(files).length > 0 : (await pgConnections(marker)) > 0) return false;
        // no process serving this port's command line (a server thread's process, or a child one), nor any child
        if (processesMentioning(`serve --host 127.0.0.1 --port ${port}`).length > 0) return false;
        return !children.some(isRunning);
      });
      console.info(`${kind.name}: everything of the killed server gone ${ms} ms after SIGKILL`);
      expect(await first.exited()).toEqual({ code: null, signal: 'SIGKILL' });

      const second = await startServe(['--port', String(port), ...args], env);
      expect(second.url).toBe(`http://127.0.0.1:${port}`);
      const health = await fetch(`${second.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      second.proc.kill('SIGTERM');
      expect(await second.exited()).toEqual({ code: 0, signal: null });
    }, 120_000);
  }
});
