/**
 * Click ingest of another checkout against this one, on the same machine in
 * the same run: both servers up at once, taking alternating slices of the
 * same click traffic (`sideBySide`), so a slow spell of the machine falls on
 * both. For a change that might cost speed, against the commit before it.
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && npx -y pnpm@10.34.9 install --frozen-lockfile)
 *   packages/server/node_modules/.bin/tsx --conditions=@twotier/source scripts/bench/compare-clicks.ts /tmp/before [rounds=6] [connections=50,200]
 *
 * The other checkout needs scripts/bench/server-harness.ts with the same exports.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as here from './server-harness';

const [otherRoot, roundsArg, connectionsArg] = process.argv.slice(2);
if (!otherRoot) {
  process.stderr.write('usage: compare-clicks.ts <other checkout> [rounds] [connections, e.g. 50,200]\n');
  process.exit(2);
}
const other = (await import(`${otherRoot}/scripts/bench/server-harness.ts`)) as typeof here;
const rounds = Number(roundsArg ?? 6);
const connections = (connectionsArg ?? '50,200').split(',').map(Number);
const files = [`before-${here.run}`, `now-${here.run}`].map((name) => join(tmpdir(), `twotier-compare-${name}.db`));
const before = await other.startChild(['app', files[0]!]);
const now = await here.startChild(['app', files[1]!]);
try {
  const target = async (child: { url: string; proc: { pid?: number } }): Promise<here.Target> => {
    const shop = await here.setupShop(child.url);
    const t = here.clickTarget(child.url, shop.pk, [child.proc.pid]);
    await here.load(t, 1, 50);
    return t;
  };
  const [a, b] = [await target(before), await target(now)];
  for (const c of connections) {
    const r = await here.sideBySide(a, b, rounds, 3, c);
    console.log(
      `${c} connections: ${otherRoot} ${Math.round(r.baseline.reqPerSec)} clicks/s, this checkout ${Math.round(r.candidate.reqPerSec)}; ratio ${r.ratio.toFixed(3)}× (slices ${r.ratios.map((x) => x.toFixed(2)).join(', ')}; per CPU-second ${r.cpuRatio.toFixed(3)}×)`,
    );
  }
} finally {
  await here.stop(before.proc);
  await here.stop(now.proc);
  for (const f of files.flatMap((f) => [f, `${f}-wal`, `${f}-shm`])) rmSync(f, { force: true });
}
process.exit(0);
