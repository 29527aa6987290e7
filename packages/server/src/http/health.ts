import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db';

/** What `GET /healthz` answers (503 with `ok: false` and the `error` when the database does not answer). */
export const healthSchema = z.object({ ok: z.boolean(), database: z.enum(['sqlite', 'postgres']), error: z.string().optional() });

/** What `GET /healthz` answers. */
export interface Health {
  ok: boolean;
  database: Db['dialect'];
  /** Why the database check failed, when it did. */
  error?: string;
}

/**
 * Asks the database a trivial question, giving up after `timeoutMs`. A pool
 * whose server went away answers with an error (or not at all) until the
 * server is back, then recovers on its own with fresh connections, so this
 * check turns healthy again without a restart.
 */
export async function checkHealth(db: Db, timeoutMs = 2_000): Promise<Health> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db.kysely), timeout]);
    return { ok: true, database: db.dialect };
  } catch (err) {
    return { ok: false, database: db.dialect, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
