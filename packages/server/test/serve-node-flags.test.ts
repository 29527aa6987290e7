import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs module next to the bin, without types
import { SERVE_NODE_FLAGS, missingServeFlags } from '../bin/node-flags.mjs';

const cli = fileURLToPath(new URL('../bin/twotier.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'twotier-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Node flags of `twotier serve`', () => {
  test('a flag already given on the command line or in NODE_OPTIONS wins, in either spelling', () => {
    expect(SERVE_NODE_FLAGS).toEqual(['--max-semi-space-size=64']);
    expect(missingServeFlags([], '')).toEqual(SERVE_NODE_FLAGS);
    expect(missingServeFlags(['--conditions=x'], '--enable-source-maps')).toEqual(SERVE_NODE_FLAGS);
    expect(missingServeFlags(['--max-semi-space-size=16'], '')).toEqual([]);
    expect(missingServeFlags([], '--inspect  --max_semi_space_size=8')).toEqual([]);
    expect(missingServeFlags(['--max-semi-space-size-extra=1'], '')).toEqual(SERVE_NODE_FLAGS);
  });

  /** Starts `twotier serve`, returns the command line of the server process (the bin's child) and stops it with SIGTERM. */
  async function serve(env: NodeJS.ProcessEnv): Promise<{ serverArgs: string[]; code: number | null; out: string }> {
    const bin = spawn(process.execPath, [cli, 'serve', '--port', '0', '--host', '127.0.0.1', '--db', join(dir, `${Math.random()}.db`)], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      bin.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('twotier listening on')) resolve();
      });
      bin.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const children = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(bin.pid));
    expect(children).toHaveLength(1);
    const serverArgs = readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0');
    const exited = new Promise<number | null>((resolve) => bin.once('exit', resolve));
    bin.kill('SIGTERM');
    const code = await exited;
    bin.stdout!.removeAllListeners();
    return { serverArgs, code, out };
  }

  test.skipIf(process.platform !== 'linux')('the server process runs with them, and SIGTERM to the command stops it gracefully', async () => {
    const { serverArgs, code } = await serve({ NODE_OPTIONS: '' });
    expect(serverArgs).toContain('--max-semi-space-size=64');
    expect(serverArgs).toContain('serve');
    expect(code).toBe(0);
  }, 30_000);

  test.skipIf(process.platform !== 'linux')('NODE_OPTIONS naming the flag keeps its value', async () => {
    const { serverArgs, code } = await serve({ NODE_OPTIONS: '--max-semi-space-size=16' });
    expect(serverArgs.some((a) => a.startsWith('--max-semi-space-size'))).toBe(false);
    expect(code).toBe(0);
  }, 30_000);
});
