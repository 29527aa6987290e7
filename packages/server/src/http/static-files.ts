import { existsSync } from 'node:fs';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../context';

/** Options of {@link staticFiles}. */
export interface StaticFilesOptions {
  /** The folder files are served from. */
  root: string;
  /** Maps the request path to a path inside `root` (default: the request path). */
  rewrite?: (path: string) => string;
  /** Always serve this file of `root` (a single page's `index.html`). */
  file?: string;
  /** Headers of an answered file (200 and 304), by its path inside `root`. */
  headers: (path: string) => Record<string, string>;
}

/**
 * Serves files from a build folder with `@hono/node-server`'s `serveStatic`
 * and an ETag (`hono/etag`, a matching `If-None-Match` is a 304), adding the
 * given headers to both answers (hono's 304 keeps only the ETag). Paths with
 * `..` or `%` never leave `root`: they fall through to the next handler, as
 * files that do not exist do.
 *
 * @example
 * app.get('/assets/*', ...staticFiles({ root: dist, headers: () => ({ 'Cache-Control': 'no-cache' }) }), notFoundHandler);
 */
export function staticFiles(options: StaticFilesOptions): MiddlewareHandler<AppEnv>[] {
  const { root, rewrite, file, headers } = options;
  const relative = (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => file ?? (rewrite ? rewrite(c.req.path) : c.req.path);
  const addHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    if (c.res.status !== 200 && c.res.status !== 304) return;
    for (const [name, value] of Object.entries(headers(relative(c)))) c.res.headers.set(name, value);
  };
  // Made when the folder first exists: serveStatic complains of a missing root once, at creation,
  // and a build made after the server started is served without a restart.
  let serve: MiddlewareHandler<AppEnv> | undefined;
  const lazyServe: MiddlewareHandler<AppEnv> = (c, next) => {
    if (!serve) {
      if (!existsSync(root)) return next();
      serve = serveStatic<AppEnv>({
        root,
        ...(file ? { path: file } : {}),
        ...(rewrite ? { rewriteRequestPath: (path: string) => rewrite(path) } : {}),
      });
    }
    return serve(c, next);
  };
  return [addHeaders, etag(), lazyServe];
}
