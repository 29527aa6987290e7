import { badRequest } from '../domain/errors';

/** Encodes a keyset position (the last row's sort value and id) as an opaque cursor. */
export const encodeCursor = (value: string | number, id: string): string =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

/** Decodes a cursor from {@link encodeCursor}; 400 when it was not made here. */
export function decodeCursor(cursor: string): { value: string | number; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') && typeof parsed[1] === 'string') {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw badRequest('invalid cursor: pass nextCursor from the previous page unchanged');
}

/** Escapes `%`, `_` and `\` for a LIKE pattern (with `ESCAPE '\'`). */
export const likeEscape = (text: string): string => text.replace(/[\\%_]/g, (m) => `\\${m}`);
