import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Heap snapshots of the server processes, taken with Node's
 * `--heapsnapshot-signal=SIGUSR2` (set in the servers' NODE_OPTIONS with
 * `--diagnostic-dir`), and what grew between two of them, by constructor.
 */

/** Sends SIGUSR2 to `pid` and resolves with the snapshot's path once V8 has finished writing it. */
export async function takeHeapSnapshot(pid: number, dir: string, timeoutMs = 120_000): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  let file: string | undefined;
  let lastSize = -1;
  let steadySince = 0;
  for (;;) {
    if (Date.now() > deadline) throw new Error(`no heap snapshot from pid ${pid} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
    file ??= readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot') && f.includes(`.${pid}.`));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    // the file is written in chunks; complete JSON ends with ']}' and stops growing
    if (size === lastSize && size > 0) {
      if (Date.now() - steadySince > 1_000 && endsComplete(join(dir, file))) return join(dir, file);
    } else {
      lastSize = size;
      steadySince = Date.now();
    }
  }
}

function endsComplete(path: string): boolean {
  const text = readFileSync(path, 'latin1');
  return /\]\s*\}\s*$/.test(text.slice(-64));
}

/** Per constructor (or V8 node kind): how many objects and their own bytes. */
export interface HeapCensus {
  totalBytes: number;
  byKind: Map<string, { count: number; bytes: number }>;
  /** For each kind: what holds its objects (holder's kind and the edge's name), by count. */
  retainers(kinds: Set<string>): Map<string, Map<string, number>>;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** Reads a `.heapsnapshot` and counts its objects by constructor name. */
export function heapCensus(path: string): HeapCensus {
  if (!existsSync(path)) throw new Error(`no snapshot at ${path}`);
  const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const nf = s.snapshot.meta.node_fields;
  const width = nf.length;
  const [typeAt, nameAt, sizeAt, edgeCountAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f)) as [number, number, number, number];
  const types = s.snapshot.meta.node_types[0];
  const ef = s.snapshot.meta.edge_fields;
  const eWidth = ef.length;
  const [eTypeAt, eNameAt, eToAt] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [number, number, number];
  const edgeTypes = s.snapshot.meta.edge_types[0];
  const kindOf = (n: number) => {
    const type = types[s.nodes[n + typeAt]!]!;
    const name = s.strings[s.nodes[n + nameAt]!]!;
    if (type === 'object') return name;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
    if (type === 'closure') return `(closure) ${name.slice(0, 40)}`;
    if (type === 'array' || type === 'hidden' || type === 'object shape') return `(${type}) ${name.slice(0, 40)}`;
    return `(${type})`;
  };
  const byKind = new Map<string, { count: number; bytes: number }>();
  let totalBytes = 0;
  for (let n = 0; n < s.nodes.length; n += width) {
    const k = kindOf(n);
    const size = s.nodes[n + sizeAt]!;
    totalBytes += size;
    const e = byKind.get(k);
    if (e) {
      e.count++;
      e.bytes += size;
    } else byKind.set(k, { count: 1, bytes: size });
  }
  return {
    totalBytes,
    byKind,
    retainers(kinds) {
      const out = new Map<string, Map<string, number>>();
      for (const k of kinds) out.set(k, new Map());
      let edge = 0;
      for (let n = 0; n < s.nodes.length; n += width) {
        const count = s.nodes[n + edgeCountAt]!;
        let holder: string | null = null;
        for (let i = 0; i < count; i++, edge += eWidth) {
          const eType = edgeTypes[s.edges[edge + eTypeAt]!]!;
          if (eType === 'weak' || eType === 'shortcut') continue;
          const target = kindOf(s.edges[edge + eToAt]!);
          const m = out.get(target);
          if (!m) continue;
          holder ??= kindOf(n);
          const nameOrIndex = s.edges[edge + eNameAt]!;
          const edgeName = eType === 'element' || eType === 'hidden' ? '[]' : String(s.strings[nameOrIndex]).slice(0, 30);
          const key = `${holder}.${edgeName}`;
          m.set(key, (m.get(key) ?? 0) + 1);
        }
      }
      return out;
    },
  };
}

const kb = (b: number) => `${b >= 0 ? '+' : ''}${Math.round(b / 1024).toLocaleString('en-US')} KB`;

/**
 * Lines saying what grew from snapshot `a` to snapshot `b`: the total, the
 * kinds whose own bytes grew most, and for the first few of them the holders
 * whose number of references to them grew most.
 */
export function heapGrowth(a: string, b: string, top = 12, withRetainers = 5): string[] {
  const ca = heapCensus(a);
  const cb = heapCensus(b);
  const rows = [...new Set([...ca.byKind.keys(), ...cb.byKind.keys()])]
    .map((k) => {
      const x = ca.byKind.get(k) ?? { count: 0, bytes: 0 };
      const y = cb.byKind.get(k) ?? { count: 0, bytes: 0 };
      return { k, dCount: y.count - x.count, dBytes: y.bytes - x.bytes, count: y.count, bytes: y.bytes };
    })
    .sort((p, q) => q.dBytes - p.dBytes);
  const lines = [`heap (objects' own bytes) ${Math.round(ca.totalBytes / 1048576)} MB → ${Math.round(cb.totalBytes / 1048576)} MB (${kb(cb.totalBytes - ca.totalBytes)})`];
  for (const r of rows.slice(0, top)) lines.push(`  ${kb(r.dBytes).padStart(10)}  ${`${r.dCount >= 0 ? '+' : ''}${r.dCount}`.padStart(8)} objects  ${r.k}  (now ${r.count} objects, ${Math.round(r.bytes / 1024)} KB)`);
  const grown = new Set(rows.slice(0, withRetainers).filter((r) => r.dBytes > 0).map((r) => r.k));
  const ra = ca.retainers(grown);
  const rb = cb.retainers(grown);
  for (const k of grown) {
    const before = ra.get(k)!;
    const after = rb.get(k)!;
    const held = [...after]
      .map(([h, n]) => ({ h, d: n - (before.get(h) ?? 0), n }))
      .sort((p, q) => q.d - p.d)
      .slice(0, 4)
      .filter((x) => x.d > 0);
    lines.push(`  held by (growth in references): ${k}: ${held.map((x) => `${x.h} +${x.d} (now ${x.n})`).join('; ') || 'no holder grew'}`);
  }
  return lines;
}
