import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** An msw server for one test file: started before, reset after each test, closed after all. */
export function useMsw() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export const BASE = 'https://api.twotier.test';

/** Looks the global fetch up per request, so the one msw patched at `listen()` is used. */
export const lateFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);
