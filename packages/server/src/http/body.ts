import type { Context } from 'hono';
import { HttpError, badRequest } from './errors';

/** Largest request body accepted, in bytes. */
export const BODY_LIMIT = 64 * 1024;

const tooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `request body exceeds ${limit} bytes`, undefined, { Connection: 'close' });

/**
 * Reads the request body as text, counting bytes as they stream in, so a
 * chunked body without Content-Length is cut off at `limit` too. Nothing is
 * parsed or written before the whole body is known to fit.
 */
export async function readBodyText(c: Context, limit = BODY_LIMIT): Promise<string> {
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
  const stream = c.req.raw.body;
  if (!stream) return '';
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw badRequest('request body is not valid UTF-8');
  }
}

/**
 * Reads and parses a JSON body (any content type, so `text/plain` beacons
 * work). 400 when it is not JSON.
 */
export async function readJson(c: Context, limit = BODY_LIMIT): Promise<unknown> {
  const text = await readBodyText(c, limit);
  if (text.trim() === '') throw badRequest('request body is empty; JSON expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`);
  }
}
