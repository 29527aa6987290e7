import { apiErrorSchema } from '@twotier/core/schema';
import { z } from 'zod';
import { apiCatalog } from './catalog-api';
import { adminCatalog, extraCatalog } from './catalog-extra';
import { integrationCatalog } from './catalog-integrations';
import { payoutCatalog } from './catalog-payouts';
import type { RouteAuth, RouteDoc } from './route-doc';

/** Every operation the server documents. */
export const routeCatalog: RouteDoc[] = [...apiCatalog, ...extraCatalog, ...integrationCatalog, ...payoutCatalog, ...adminCatalog];

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
};

const SECURITY: Record<RouteAuth, Json[]> = {
  operator: [{ operatorToken: [] }],
  secret: [{ secretKey: [] }, { adminSession: [] }],
  publishable: [{ publishableKey: [] }],
  session: [{ distributorSession: [] }],
  admin: [{ adminSession: [] }],
  stripe: [{ stripeSignature: [] }],
  shopify: [{ shopifyHmac: [] }],
  woocommerce: [{ wooCommerceSignature: [] }],
  none: [],
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function operation(route: RouteDoc): Json {
  const parameters: Json[] = [];
  for (const m of route.path.matchAll(/\{(\w+)\}/g)) parameters.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  if (route.query) {
    const schema = jsonSchema(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
    }
  }
  const status = String(route.status ?? 200);
  const success = route.contentType
    ? { description: 'OK', content: { [route.contentType]: { schema: { type: 'string' } } } }
    : { description: 'OK', content: { 'application/json': { schema: route.response ? jsonSchema(route.response, 'output') : {} } } };
  return {
    operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: route.summary,
    tags: [route.tag],
    security: SECURITY[route.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchema(route.body, 'input') },
              ...(route.auth === 'publishable' ? { 'text/plain': { schema: { type: 'string', description: 'the same JSON, sent as text/plain (no preflight)' } } } : {}),
            },
          },
        }
      : {}),
    responses: {
      [status]: success,
      '400': errorResponse('Malformed request'),
      ...(route.auth !== 'none' ? { '401': errorResponse('Missing or invalid credentials'), '403': errorResponse('Credentials that may not do this') } : {}),
      '404': errorResponse('Not found'),
      ...(route.method !== 'get' ? { '409': errorResponse('Conflicting replay or state'), '413': errorResponse('Body over 64 KB') } : {}),
      '422': errorResponse('Invalid input'),
      '429': errorResponse('Rate limited (see Retry-After)'),
    },
  };
}

/**
 * The OpenAPI 3.1 document of every endpoint, generated from the same zod
 * schemas the routes validate with (zod 4's `z.toJSONSchema`).
 */
export function buildOpenApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const route of routeCatalog) (paths[route.path] ??= {})[route.method] = operation(route);
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
