import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { HttpError, badRequest } from './errors';

/** Largest request body accepted, in bytes. */
export const BODY_LIMIT = 64 * 1024;

/** {@link readBodyText} on Node's request itself (also the click lane's reader): 413 past `limit`, declared or streamed. */
export async function readNodeBody(incoming: IncomingMessage, limit = BODY_LIMIT): Promise<string> {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
  // a small body arrives with its headers: by the next microtask it waits whole in the stream's buffer
  if (declared !== undefined && !incoming.readableDidRead) {
    const length = Number(declared);
    if (incoming.readableLength < length) await undefined;
    if (incoming.readableLength === length) {
      const body = length === 0 ? EMPTY : (incoming.read() as Buffer);
      incoming.resume(); // the end of the message, when the parser reaches it, ends the stream
      return decode(body);
    }
  }
  return decode(await readIncoming(incoming, limit));
}

const EMPTY = new Uint8Array(0);

const tooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `request body exceeds ${limit} bytes`, undefined, { Connection: 'close' });

/**
 * Reads the request body as text, counting bytes as they stream in, so a
 * chunked body without Content-Length is cut off at `limit` too. Nothing is
 * parsed or written before the whole body is known to fit.
 */
export async function readBodyText(c: Context, limit = BODY_LIMIT): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && typeof incoming.on === 'function' && !incoming.readableDidRead) return readNodeBody(incoming, limit);
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
  return decode(all);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw badRequest('request body is not valid UTF-8');
  }
}

/**
 * On Node, reads the request straight from the socket stream (no web-stream
 * conversion), counting bytes; past `limit` it stops reading and the 413
 * closes the connection.
 */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        incoming.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = () => {
      cleanup();
      reject(badRequest('the request body could not be read'));
    };
    const onClose = () => {
      if (incoming.readableEnded) return onEnd();
      cleanup();
      reject(badRequest('the client closed the connection before the body ended'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/**
 * Reads and parses a JSON body (any content type, so `text/plain` beacons
 * work). 400 when it is not JSON.
 */
export async function readJson(c: Context, limit = BODY_LIMIT): Promise<unknown> {
  return parseJsonBody(await readBodyText(c, limit));
}

/** A request body's text as JSON; 400 when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw badRequest('request body is empty; JSON expected');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest(`request body is not valid JSON: ${(error as Error).message}`);
  }
}
