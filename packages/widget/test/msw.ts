import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { API } from './page';

/** A received tracking request. */
export interface Hit {
  path: string;
  contentType: string | null;
  body: Record<string, unknown>;
}

/**
 * msw for one file, recording tracking requests; `fail` makes the next N answer with a network
 * error; a click whose code is in `unknownCodes` is answered `unknownCode: true`, as the server does.
 */
export function useTrackingApi() {
  const hits: Hit[] = [];
  const state = { fail: 0, unknownCodes: [] as string[] };
  const server = setupServer(
    http.post(`${API}/v1/track/:kind`, async ({ request, params }) => {
      const body = JSON.parse(await request.text()) as Record<string, unknown>;
      if (state.fail > 0) {
        state.fail--;
        return HttpResponse.error();
      }
      hits.push({ path: String(params.kind), contentType: request.headers.get('content-type'), body });
      const unknown = params.kind === 'click' && state.unknownCodes.includes(String(body.code));
      return HttpResponse.json({ accepted: true, duplicate: false, ...(unknown ? { unknownCode: true } : {}) }, { status: 202 });
    }),
  );
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    hits.length = 0;
    state.fail = 0;
    state.unknownCodes = [];
  });
  afterAll(() => server.close());
  return { hits, state, server };
}
