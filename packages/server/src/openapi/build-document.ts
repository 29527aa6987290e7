import { apiErrorSchema } from '@twotier/core/schema';
import { z } from 'zod';
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { AppEnv } from '../context';


type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
};

const isZod = (x: unknown): x is z.ZodType => typeof (x as { safeParse?: unknown } | null)?.safeParse === 'function';

/** A media-type map with its zod schemas turned into JSON Schema. */
const contentOf = (content: Json | undefined, io: 'input' | 'output'): Json | undefined =>
  content &&
  Object.fromEntries(
    Object.entries(content).map(([mt, media]) => {
      const schema = (media as Json).schema;
      return [mt, { ...(media as Json), schema: isZod(schema) ? jsonSchema(schema, io) : schema }];
    }),
  );

/** One operation of the document from its `@hono/zod-openapi` route config. */
function operationOf(route: RouteConfig): Json {
  const parameters: Json[] = [];
  for (const m of route.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  const query = route.request?.query;
  if (isZod(query)) {
    const schema = jsonSchema(query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
    }
  }
  const body = route.request?.body as Json | undefined;
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, r]) => {
      const { content, ...rest } = r as Json;
      return [status, content ? { ...rest, content: contentOf(content as Json, 'output') } : rest];
    }),
  );
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: route.tags,
    security: route.security ?? [],
    ...(parameters.length ? { parameters } : {}),
    ...(body ? { requestBody: { ...body, content: contentOf(body.content as Json, 'input') } } : {}),
    responses,
  };
}

/** The route configs an app (and every router mounted on it) declared. */
export const declaredRoutes = (app: OpenAPIHono<AppEnv>): RouteConfig[] =>
  app.openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route as RouteConfig] : []));

/**
 * The OpenAPI 3.1 document of the declared routes (`declaredRoutes(app)`):
 * each operation from its declaration, with the zod schemas the route
 * validates with turned into JSON Schema (zod 4's `z.toJSONSchema`).
 */
export function buildOpenApiDocument(routes: RouteConfig[], serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'twotier API',
      version: '1.0.0',
      description:
        'Two-level distribution (二级分销) for existing web shops. Money is integer minor units, rates are integer basis points, times are ISO 8601. Every error is { error: { code, message, details? } }.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: jsonSchema(apiErrorSchema, 'output') },
      securitySchemes: {
        operatorToken: { type: 'http', scheme: 'bearer', description: 'TWOTIER_OPERATOR_TOKEN of the server' },
        secretKey: { type: 'http', scheme: 'bearer', description: 'sk_… (server to server; never from a browser origin)' },
        publishableKey: { type: 'apiKey', in: 'query', name: 'key', description: 'pk_…, in the body or ?key=, from an allowed origin' },
        distributorSession: { type: 'http', scheme: 'bearer', description: 'ses_… from POST /v1/sessions' },
        adminSession: { type: 'apiKey', in: 'cookie', name: 'twotier_admin', description: 'dashboard session cookie' },
        stripeSignature: { type: 'apiKey', in: 'header', name: 'Stripe-Signature', description: "HMAC-SHA256 with the shop's Stripe signing secret" },
        shopifyHmac: { type: 'apiKey', in: 'header', name: 'X-Shopify-Hmac-Sha256', description: "base64 HMAC-SHA256 of the raw body with the shop's Shopify webhook secret" },
        wooCommerceSignature: { type: 'apiKey', in: 'header', name: 'X-WC-Webhook-Signature', description: "base64 HMAC-SHA256 of the raw body with the WooCommerce webhook's secret" },
      },
    },
  };
}
