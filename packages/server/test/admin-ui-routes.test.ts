import * as core from '@twotier/core/schema';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CSV_FILES, QUERIES, ROUTES } from '../admin-ui/src/api-routes';
import type { TwotierApp } from '../src/app';
import type { Db } from '../src/db';
import { Clock, makeApp, sqliteFactory } from './harness';

// The dashboard's client types its calls from its route table (admin-ui/src/api-routes.ts).
// Each row must name the schemas the server declares that route with: the same JSON Schema
// in the served OpenAPI document, for the body (as input), the answer (as output) and the query.

const factory = sqliteFactory();
let db: Db;
let app: TwotierApp;
let doc: { paths: Record<string, Record<string, any>> };
beforeAll(async () => {
  db = await factory.open();
  app = makeApp(db, new Clock());
  doc = (await (await app.request('/v1/openapi.json')).json()) as typeof doc;
});
afterAll(async () => {
  await app.close();
  await db.close();
  await factory.cleanup();
});

/** A zod schema as the document shows it (the conversion of openapi/build-document.ts). */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
};

const operation = (method: string, path: string) => {
  const op = doc.paths[path]?.[method.toLowerCase()];
  if (!op) throw new Error(`${method} ${path} is not in the server's OpenAPI document`);
  return op;
};

describe("the dashboard's route table", () => {
  test.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: body and answer are the schemas the server declares', (_, row) => {
    const op = operation(row.method, row.path);
    const body = op.requestBody?.content?.['application/json']?.schema;
    if ('body' in row) expect(body, 'body').toEqual(jsonSchema(row.body, 'input'));
    else expect(body, 'a route the table gives no body takes none').toBeUndefined();
    const [status, success] = Object.entries(op.responses as Record<string, any>).find(([s]) => s.startsWith('2'))!;
    const answer = success.content?.['application/json']?.schema;
    if ('response' in row) expect(answer, 'answer').toEqual(jsonSchema(row.response, 'output'));
    else expect([status, answer], 'a row without an answer is a 204').toEqual(['204', undefined]);
  });

  test.each(QUERIES.map((q) => [q.path, q] as const))('GET %s: the query is the schema the server declares', (_, row) => {
    const params = (operation('GET', row.path).parameters ?? []).filter((p: any) => p.in === 'query');
    const schema = jsonSchema(row.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    expect(Object.fromEntries(params.map((p: any) => [p.name, { required: p.required, schema: p.schema }]))).toEqual(
      Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, s]) => [name, { required: schema.required?.includes(name) ?? false, schema: s }])),
    );
  });

  test.each(CSV_FILES.map((path) => [path] as const))('GET %s answers a CSV file', (path) => {
    const [status, success] = Object.entries(operation('GET', path).responses as Record<string, any>).find(([s]) => s.startsWith('2'))!;
    expect(status).toBe('200');
    expect(Object.keys(success.content ?? {})).toEqual(['text/csv']);
  });

  test('the reports and the payout file are in the query table, with the schemas of core', () => {
    const query = (path: string) => QUERIES.find((q) => q.path === path)?.query;
    expect(query('/v1/admin/reports/overview')).toBe(core.periodQuerySchema);
    expect(query('/v1/admin/reports/analytics')).toBe(core.periodQuerySchema);
    expect(query('/v1/admin/reports/distributors')).toBe(core.distributorTableQuerySchema);
    expect(query('/v1/admin/reports/orders')).toBe(core.orderListQuerySchema);
    expect(query('/v1/admin/reports/payouts.csv')).toBe(core.payoutsCsvQuerySchema);
  });

  test('a wrong query row is told apart: the period is not the order filters', () => {
    const params = (operation('GET', '/v1/admin/reports/overview').parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => p.name);
    expect(params.sort()).toEqual(['from', 'to']);
    expect(Object.keys((jsonSchema(core.orderListQuerySchema, 'input') as { properties: object }).properties).sort()).not.toEqual(params);
  });

  test('a wrong row is told apart: the reject body is not the paid body', () => {
    const reject = operation('POST', '/v1/withdrawals/{id}/reject').requestBody.content['application/json'].schema;
    const paid = ROUTES.find((r) => r.path === '/v1/withdrawals/{id}/paid');
    expect(paid && 'body' in paid ? jsonSchema(paid.body, 'input') : null).not.toEqual(reject);
  });
});
