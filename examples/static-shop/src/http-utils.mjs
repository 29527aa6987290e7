/**
 * The few HTTP chores of a framework-free server: bodies, cookies, replies.
 */

/** A request body over this size is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** An error with an HTTP status, answered as a plain page. */
export class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body into a plain object.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Record<string, string>>}
 */
export async function readForm(req) {
  let size = 0;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'The form is too large.');
    chunks.push(chunk);
  }
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new HttpError(415, 'Send the form as application/x-www-form-urlencoded.');
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

/**
 * Cookies of a request as a map (first value of a name wins).
 * @param {string | undefined} header
 */
export function parseCookies(header) {
  /** @type {Map<string, string>} */
  const out = new Map();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) {
      try {
        out.set(name, decodeURIComponent(part.slice(eq + 1).trim()));
      } catch {
        /* a malformed cookie is ignored */
      }
    }
  }
  return out;
}

/**
 * The shop's session cookie: HttpOnly, SameSite=Lax, Secure on https.
 * @param {string} name @param {string} value @param {{ maxAge: number, secure: boolean }} options
 */
export const sessionCookie = (name, value, { maxAge, secure }) =>
  `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

/**
 * Sends a complete response.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string | Buffer} body
 * @param {Record<string, string | string[]>} [headers]
 */
export function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

/** @param {import('node:http').ServerResponse} res @param {string} location @param {Record<string, string | string[]>} [headers] */
export const redirect = (res, location, headers = {}) => send(res, 303, '', { location, ...headers });

/** Only same-site paths are followed after login. @param {unknown} next */
export const safeNext = (next) => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/account');
