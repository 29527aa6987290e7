import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

/**
 * Issue 16: the quickstarts work as written. Every command of every ```sh block of
 * docs/quickstart.md and docs/quickstart.zh-CN.md is run, in order, by one bash script
 * against a real `twotier serve` on a free loopback port; then what the reader was promised is
 * checked (the tag and the dashboard answer, the password signs in, the first distributor
 * exists, the backend imports @twotier/sdk, the order is stored).
 *
 * What is substituted, and why, is listed in SUBSTITUTIONS and LINES below: the placeholders the
 * docs tell the reader to fill in, the port and files (kept in a temporary folder), and the two
 * steps this checkout has already done (the clone; the dependencies of the install, whose own
 * step, building the tag and the dashboard, is run). A command left with a `<…>` or `…`
 * placeholder fails the test, so a new placeholder in the docs needs a line here. The two
 * languages' pack commands are the same string (checked); it runs once (a 40-second build), in a
 * copy of the clone's core and sdk, so this checkout's dist folders are not rebuilt under other tests.
 */
const exec = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const README_INSTALL = 'npx -y pnpm@10.34.9 install';
const PASSWORD = 'correct-horse-battery';

interface Doc {
  file: string;
  base: string;
  /** Placeholder → what the script puts there. */
  placeholders: [string, string][];
}

const DOCS: Doc[] = [
  {
    file: 'quickstart.md',
    base: 'https://YOUR-TWOTIER-SERVER',
    placeholders: [
      ['<shop id>', '"$SHOP_ID"'],
      ['sk_…', '"$SHOP_SK"'],
      ["'<a password of 12 or more characters>'", `'${PASSWORD}'`],
      ['<your backend>', '"$WORK/backend"'],
      ['<your clone>/packs', '"$WORK/packs"'],
    ],
  },
  {
    file: 'quickstart.zh-CN.md',
    base: 'https://你的-twotier-服务器',
    placeholders: [
      ['<商家 id>', '"$SHOP_ID"'],
      ['sk_…', '"$SHOP_SK"'],
      ["'<至少 12 个字符的密码>'", `'${PASSWORD}'`],
      ['<你的后端目录>', '"$WORK/backend"'],
      ['<你的 twotier 仓库>/packs', '"$WORK/packs"'],
    ],
  },
];

/** The commands of the ```sh blocks, a continued line (`\`) joined to the next, comments dropped. */
export function shellCommands(markdown: string): string[] {
  const out: string[] = [];
  const fence = /```(?:sh|bash|shell)\n([\s\S]*?)```\n/g;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    let current = '';
    for (const raw of m[1]!.split('\n')) {
      const line = raw.replace(/\s+#(?![^']*'[^']*$).*$/, '').trimEnd();
      if (!current && (!line.trim() || line.trim().startsWith('#'))) continue;
      if (line.endsWith('\\')) {
        current += `${line.slice(0, -1).trimEnd()} `;
        continue;
      }
      out.push((current + line.trim()).trim());
      current = '';
    }
  }
  return out;
}

/** One command of the docs as the test script runs it. */
function scriptLine(command: string, doc: Doc, state: { packed: string | null }): string {
  let c = command;
  // the clone is this checkout; the reader's folder (./twotier.db, the default --db) a temporary one
  if (/^git clone <[^>]+> && cd twotier$/.test(c)) return 'cd "$WORK"';
  if (c === README_INSTALL) return 'node "$REPO"/scripts/build-assets.mjs';
  if (/ pack --pack-destination \.\/packs$/.test(c)) {
    // the same command in both languages: the tarballs of the first run serve the second
    if (state.packed !== null) {
      expect(c).toBe(state.packed);
      return 'true';
    }
    state.packed = c;
    // in a copy of the clone's core and sdk, so this checkout's dist folders are not rebuilt under other tests
    c = `(cd "$CLONE" && ${c})`;
  }
  c = c.replaceAll('--pack-destination ./packs', '--pack-destination "$WORK/packs"');
  for (const [from, to] of doc.placeholders) c = c.replaceAll(from, to);
  c = c.replaceAll(doc.base, 'http://127.0.0.1:$PORT').replaceAll('node packages/', 'node "$REPO"/packages/');
  c = c.replace(/--port 8787\b/, '--port $PORT');
  if (/\bcd "\$WORK\/backend"/.test(c)) c = `mkdir -p "$WORK/backend" && (cd "$WORK/backend" && [ -f package.json ] || npm init -y >/dev/null) && ${c}`;
  if (/^curl /.test(c)) c = c.replace(/^curl /, 'curl --fail-with-body -sS ') + '; echo';
  if (/twotier\.mjs serve /.test(c)) {
    return [
      `(${c} > "$WORK/serve.log" 2>&1 & echo $! > "$WORK/serve.pid")`,
      'for i in $(seq 150); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/v1/openapi.json" && break; sleep 0.2; done',
    ].join('\n');
  }
  if (/twotier\.mjs shop create /.test(c)) {
    return [
      `out=$(${c}); echo "$out"`,
      `SHOP_ID=$(echo "$out" | sed -n 's/^shop \\([^ ]*\\) .*/\\1/p'); SHOP_SK=$(echo "$out" | sed -n 's/^secret key: *\\(sk_[^ ]*\\)/\\1/p')`,
      'echo "SHOP_ID=$SHOP_ID" > "$WORK/shop.env"; echo "SHOP_SK=$SHOP_SK" >> "$WORK/shop.env"',
    ].join('\n');
  }
  expect(c, `a placeholder the test does not fill in: ${command}`).not.toMatch(/<[^>]*>|…/);
  return c;
}

/** A copy of the clone with core and sdk only (their sources; node_modules borrowed), for `pnpm --filter … pack`. */
function copyOfClone(to: string): string {
  const skip = new Set(['node_modules', 'dist', 'test', 'coverage']);
  mkdirSync(join(to, 'packages'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.base.json', 'LICENSE']) copyFileSync(join(repo, f), join(to, f));
  writeFileSync(join(to, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  symlinkSync(join(repo, 'node_modules'), join(to, 'node_modules'));
  for (const name of ['core', 'sdk']) {
    const from = join(repo, 'packages', name);
    cpSync(from, join(to, 'packages', name), { recursive: true, filter: (src) => src === from || !skip.has(src.slice(from.length + 1).split('/')[0]!) });
    symlinkSync(join(from, 'node_modules'), join(to, 'packages', name, 'node_modules'));
  }
  return to;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('docs: the quickstarts run as written', () => {
  const state = { packed: null as string | null };
  const works: string[] = [];
  afterAll(() => {
    for (const work of works) {
      const pidFile = join(work, 'serve.pid');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
    // the tarballs are shared by both languages: removed last
    for (const work of works) rmSync(work, { recursive: true, force: true });
  });

  for (const doc of DOCS) {
    test(`${doc.file}: every shell command, then what it promised`, async () => {
      const commands = shellCommands(readFileSync(join(repo, 'docs', doc.file), 'utf8'));
      expect(commands.some((c) => c === README_INSTALL), 'the install command is the README\'s').toBe(true);
      const work = mkdtempSync(join(tmpdir(), 'twotier-quickstart-'));
      works.push(work);
      const packsFrom = works[0]!;
      const port = await freePort();
      const script = ['set -euo pipefail', ...commands.map((c) => scriptLine(c, doc, state))].join('\n');
      writeFileSync(join(work, 'quickstart.sh'), script);
      const env = { ...process.env, REPO: repo, WORK: work, PORT: String(port), CLONE: copyOfClone(join(work, 'clone')) };
      // the second language installs the first one's tarballs
      if (work !== packsFrom) await exec('ln', ['-s', join(packsFrom, 'packs'), join(work, 'packs')]);
      const started = Date.now();
      const ran = await exec('bash', [join(work, 'quickstart.sh')], { cwd: work, env, timeout: 240_000, maxBuffer: 1 << 24 }).catch((e: { stdout?: string; stderr?: string; message: string }) => {
        const log = existsSync(join(work, 'serve.log')) ? readFileSync(join(work, 'serve.log'), 'utf8') : '';
        throw new Error(`${doc.file}: the script failed\n${script}\n--- stdout\n${e.stdout}\n--- stderr\n${e.stderr}\n--- serve.log\n${log}\n${e.message}`);
      });
      console.log(`[docs-quickstart] ${doc.file}: ${commands.length} commands in ${Date.now() - started} ms`);

      const base = `http://127.0.0.1:${port}`;
      const shopEnv = Object.fromEntries(readFileSync(join(work, 'shop.env'), 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
      expect(shopEnv.SHOP_ID, ran.stdout).toMatch(/^shop\w+$/);
      expect(readFileSync(join(work, 'serve.log'), 'utf8')).toContain('listening');
      // the tag and the dashboard are served from the first start
      const tag = await fetch(`${base}/twotier.js`);
      expect(tag.status).toBe(200);
      const admin = await fetch(`${base}/admin`);
      expect(admin.status).toBe(200);
      expect(await admin.text()).toContain('/admin/assets/app-');
      // the dashboard sign-in made by the docs' command works with its 12+ character password
      const signIn = await fetch(`${base}/v1/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'you@myshop.example', password: PASSWORD }) });
      expect(signIn.ok, String(signIn.status)).toBe(true);
      // the first distributor exists before any referral visit, and the order was stored in minor units
      const auth = { authorization: `Bearer ${shopEnv.SHOP_SK}` };
      const distributors = (await (await fetch(`${base}/v1/distributors`, { headers: auth })).json()) as { data: { code: string }[] };
      expect(distributors.data.map((d) => d.code)).toContain('ALICE');
      const order = (await (await fetch(`${base}/v1/orders/order-1001`, { headers: auth })).json()) as { order?: { items: { unitPrice: number }[] }; items?: { unitPrice: number }[] };
      expect((order.order ?? order).items?.[0]?.unitPrice).toBe(16800);
      // the backend folder has @twotier/sdk from the packed files, and it loads
      const sdk = await exec(process.execPath, ['--input-type=module', '-e', "import('@twotier/sdk').then((m) => console.log(typeof m.createTwotierClient, typeof m.signIdentityToken))"], { cwd: join(work, 'backend') });
      expect(sdk.stdout.trim()).toBe('function function');
    }, 300_000);
  }
});
