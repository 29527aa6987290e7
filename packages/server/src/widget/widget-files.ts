import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { serverPackageRoot } from '../util/package-root';

/**
 * The widget build folder: that of the `@twotier/widget` package this server depends on (an
 * npm install), else the one beside this package in the repo (`node packages/widget/build.mjs`
 * writes it).
 */
export const DEFAULT_WIDGET_DIST = widgetDist();

function widgetDist(): string {
  try {
    return dirname(createRequire(join(serverPackageRoot(), 'package.json')).resolve('@twotier/widget/twotier.js')) + '/';
  } catch {
    return join(serverPackageRoot(), '../widget/dist/');
  }
}

/** A file of the build, ready to serve. */
export interface WidgetFile {
  body: Uint8Array;
  etag: string;
}

/** Names the server hands out: `twotier.js` and esbuild's `name-HASH.js` chunks (and their maps). */
export const WIDGET_FILE = /^[A-Za-z0-9_-]{1,64}\.js(\.map)?$/;
/** A content-hashed chunk: cacheable for a year. */
export const HASHED_CHUNK = /^[a-z]+-[A-Za-z0-9]{8}\.js(\.map)?$/;

/**
 * Reads files of the widget build with a cache checked against each file's
 * modification time, so a rebuild is served without a restart.
 */
export class WidgetFiles {
  private readonly cache = new Map<string, { mtimeMs: number; file: WidgetFile }>();

  constructor(readonly dir: string = process.env.TWOTIER_WIDGET_DIST ?? DEFAULT_WIDGET_DIST) {}

  /** The file, `null` when there is no such file, `'missing'` when the build is missing altogether. */
  async get(name: string): Promise<WidgetFile | null | 'missing'> {
    if (!WIDGET_FILE.test(name)) return null;
    const path = join(this.dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      try {
        await stat(join(this.dir, 'twotier.js'));
        return null;
      } catch {
        return 'missing';
      }
    }
    const hit = this.cache.get(name);
    if (hit && hit.mtimeMs === mtimeMs) return hit.file;
    const body = new Uint8Array(await readFile(path));
    const file = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    if (this.cache.size > 100) this.cache.clear();
    this.cache.set(name, { mtimeMs, file });
    return file;
  }
}
