import { existsSync } from 'node:fs';
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

/** The folder the script tag is served from: `TWOTIER_WIDGET_DIST`, else {@link DEFAULT_WIDGET_DIST}. */
export function widgetDistDir(): string {
  return process.env.TWOTIER_WIDGET_DIST ?? DEFAULT_WIDGET_DIST;
}

/** Whether the folder holds a widget build (its loader). */
export function widgetBuilt(dir: string): boolean {
  return existsSync(join(dir, 'twotier.js'));
}

/** Names the server hands out: `twotier.js` and esbuild's `name-HASH.js` chunks (and their maps). */
export const WIDGET_FILE = /^[A-Za-z0-9_-]{1,64}\.js(\.map)?$/;
/** A content-hashed chunk: cacheable for a year. */
export const HASHED_CHUNK = /^[a-z]+-[A-Za-z0-9]{8}\.js(\.map)?$/;
