import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's nginx. */
export const NGINX = process.env.TWOTIER_NGINX ?? '/usr/sbin/nginx';

/** The page whose nginx configuration the tests start as written. */
const SELF_HOSTING = new URL('../../../../docs/self-hosting.md', import.meta.url);

/**
 * Whether nginx is installed. In CI (`CI` set) a missing nginx throws, so the
 * suites that need it fail loudly; elsewhere it warns and they are skipped.
 */
export function nginxAvailable(what: string): boolean {
  if (existsSync(NGINX)) return true;
  if (process.env.CI) throw new Error(`nginx is missing at ${NGINX}: apt-get install -y nginx (needed by ${what})`);
  console.warn(`\n!!!!! SKIPPED: ${what} needs nginx at ${NGINX} (apt-get install -y nginx) !!!!!\n`);
  return false;
}

/** The one ```nginx block of docs/self-hosting.md. */
export function documentedNginxConfig(): string {
  const blocks = [...readFileSync(SELF_HOSTING, 'utf8').matchAll(/```nginx\n([\s\S]*?)```/g)];
  if (blocks.length !== 1) throw new Error(`docs/self-hosting.md has ${blocks.length} nginx blocks, the tests expect one`);
  return blocks[0]![1]!;
}

/**
 * The documented configuration with its ports replaced: one `server` line
 * per upstream (with the documented parameters) and `listen` on a loopback
 * port. Throws if the document no longer has the lines it replaces.
 */
export function nginxConfigFor(upstreams: string[], listenPort: number, doc = documentedNginxConfig()): string {
  const serverLine = /^(\s*)server 127\.0\.0\.1:\d+( [^;\n]*)?;\n/gm;
  const lines = [...doc.matchAll(serverLine)];
  if (lines.length === 0) throw new Error('the documented upstream has no `server 127.0.0.1:port` line');
  const [, indent, params = ''] = lines[0]!;
  const servers = upstreams.map((u) => `${indent}server ${new URL(u).host}${params};\n`).join('');
  let first = true;
  const withServers = doc.replace(serverLine, () => (first ? ((first = false), servers) : ''));
  const listen = /^(\s*)listen 8080;$/m;
  if (!listen.test(withServers)) throw new Error('the documented server has no `listen 8080;` line');
  return withServers.replace(listen, `$1listen 127.0.0.1:${listenPort};`);
}

/** A free TCP port on 127.0.0.1 (closed again before nginx binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** An nginx started by {@link startNginx}. */
export interface RunningNginx {
  url: string;
  pid: number;
  child: ChildProcess;
  /** What nginx wrote to stderr (its error log). */
  output(): string;
  /** SIGQUIT (graceful) and wait for the exit. */
  close(): Promise<void>;
}

/**
 * Runs nginx in the foreground (`daemon off`) as a child of this process,
 * with its own prefix in a temporary directory, on the documented
 * configuration for `upstreams`; resolves when it answers on its port.
 */
export async function startNginx(upstreams: string[], timeoutMs = 10_000): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'twotier-nginx-'));
  for (const sub of ['logs', 'temp']) mkdirSync(join(dir, sub));
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      [
        'worker_processes 1;',
        'events { worker_connections 1024; }',
        'http {',
        `  access_log off;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, 'temp', t)};`),
        nginxConfigFor(upstreams, port),
        '}',
        '',
      ].join('\n'),
    );
    const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', 'stderr', '-g', `daemon off; master_process on; pid ${join(dir, 'nginx.pid')};`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const orphanGuard = () => child.kill('SIGKILL');
    process.once('exit', orphanGuard);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let dead = false;
    void exited.then(() => (dead = true));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    while (!dead && Date.now() < deadline) {
      const up = await new Promise<boolean>((resolve) => {
        const s = createServer(); // probe: a port nginx holds cannot be bound
        s.once('error', () => resolve(true));
        s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
      });
      if (up) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (dead) {
      process.removeListener('exit', orphanGuard);
      // another process took the port between freePort and nginx's bind: try another
      if (/Address already in use/.test(stderr) && attempt < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx exited at start:\n${stderr}`);
    }
    return {
      url,
      pid: child.pid!,
      child,
      output: () => stderr,
      async close() {
        if (!dead) child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        process.removeListener('exit', orphanGuard);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}
