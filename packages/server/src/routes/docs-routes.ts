import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context';
import { buildOpenApiDocument, declaredRoutes } from '../openapi/build-document';
import { openApiRoutes, route } from '../openapi/declare';
import { renderDocsPage } from '../openapi/render-docs';

/** What `GET /v1/openapi.json` answers: an OpenAPI 3.1 document. */
const openApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()),
  })
  .describe('an OpenAPI 3.1 document');

/**
 * `GET /v1/openapi.json` and the rendered reference at `GET /docs`: both
 * generated from the route declarations of `root` (read at the first request,
 * when every router is mounted).
 */
export function docsRoutes(root: OpenAPIHono<AppEnv>): OpenAPIHono<AppEnv> {
  const app = openApiRoutes();
  let doc: z.output<typeof openApiDocumentSchema> | null = null;
  let page: string | null = null;
  // the builder writes the fields the schema names
  const document = () => (doc ??= buildOpenApiDocument(declaredRoutes(root)) as z.output<typeof openApiDocumentSchema>);

  route(app, { method: 'get', path: '/v1/openapi.json', tag: 'Docs', auth: 'none', summary: 'This document', response: openApiDocumentSchema }, (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(document());
  });

  route(app, { method: 'get', path: '/docs', tag: 'Docs', auth: 'none', summary: 'This document, rendered as a reference page', contentType: 'text/html' }, (c) => {
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.html((page ??= renderDocsPage(document())));
  });

  return app;
}
