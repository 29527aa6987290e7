import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { authenticateAdmin } from '../src/admin';
import { main } from '../src/cli';
import { openDatabase } from '../src/db';
import { createShop } from '../src/services/shops';

describe('twotier admin create', () => {
  const file = join(tmpdir(), `twotier-cli-admin-${randomBytes(5).toString('hex')}.db`);
  afterAll(() => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  });

  it('creates a sign-in that authenticates, and refuses a weak password with exit code 2', async () => {
    const db = await openDatabase({ url: file });
    const shop = await createShop(db, { name: 'CLI Tea', currency: 'CNY', allowedOrigins: [] }, Date.now());
    await db.close();
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['admin', 'create', '--shop', shop.id, '--email', 'Ops@CLI.example', '--password', 'a-long-cli-password', '--db', file])).toBe(0);
      expect(String(out.mock.calls.at(-1)?.[0])).toContain('ops@cli.example');
      expect(await main(['admin', 'create', '--shop', shop.id, '--email', 'two@cli.example', '--password', 'short', '--db', file])).toBe(2);
      expect(String(err.mock.calls.at(-1)?.[0])).toContain('at least 12 characters');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const check = await openDatabase({ url: file });
    await expect(authenticateAdmin(check, { email: 'ops@cli.example', password: 'a-long-cli-password' }, Date.now())).resolves.toMatchObject({ shopId: shop.id });
    await check.close();
  });
});
