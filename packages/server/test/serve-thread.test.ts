import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { SERVE_SEMI_SPACE_MB } from '../src/serve-thread';
import { childProcesses, isCompilerService, killStartedServers, startServe } from './serve-bin';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./proof/young-generation.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const dir = mkdtempSync(join(tmpdir(), 'twotier-thread-'));
afterAll(() => {
  killStartedServers();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the probe as `twotier serve` runs its server, with `nodeFlags` on the command line; the largest new space it saw. */
async function youngGeneration(nodeFlags: string[]): Promise<{ serveThread: boolean; newSpaceMb: number }> {
  const out = join(dir, `${Math.random()}.json`);
  await run(process.execPath, [...nodeFlags, '--conditions=@twotier/source', '--import', tsx, probe, out], { env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(readFileSync(out, 'utf8')) as { serveThread: boolean; newSpaceMb: number };
}

describe('`twotier serve` is one process, its server on a thread with a larger young generation', () => {
  test("the server thread's new space grows to two 64 MB semi-spaces (Node's default: two of 16 MB)", async () => {
    expect(SERVE_SEMI_SPACE_MB).toBe(64);
    const served = await youngGeneration([]);
    expect(served.serveThread).toBe(true);
    expect(served.newSpaceMb).toBe(2 * SERVE_SEMI_SPACE_MB);
  }, 60_000);

  test('--max-semi-space-size given to Node wins', async () => {
    expect((await youngGeneration(['--max-semi-space-size=16'])).newSpaceMb).toBe(32);
  }, 60_000);

  test.skipIf(process.platform !== 'linux')('the bin starts no other process, and SIGTERM to it stops the server gracefully', async () => {
    const server = await startServe(['--port', '0', '--db', join(dir, `${Math.random()}.db`)]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // no second node: at most the TypeScript compiler a checkout runs the source with
    expect(childProcesses(server.pid).filter((c) => !isCompilerService(c.cmdline))).toEqual([]);
    server.proc.kill('SIGTERM');
    expect(await server.exited()).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/"signal":"SIGTERM".*\n.*"msg":"stopping[^\n]*\n.*"msg":"stopped"/);
  }, 60_000);
});
