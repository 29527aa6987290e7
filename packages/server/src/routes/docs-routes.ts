import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { buildOpenApiDocument } from '../openapi/build-document';
import { renderDocsPage } from '../openapi/render-docs';

/** `GET /v1/openapi.json` and the rendered reference at `GET /docs`. */
export function docsRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let doc: Record<string, unknown> | null = null;
  let page: string | null = null;
  const document = () => (doc ??= buildOpenApiDocument());

  app.get('/v1/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(document());
  });

  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.html((page ??= renderDocsPage(document())));
  });

  return app;
}
