import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { addressRefusal, hostOf, refusalWords, urlRefusal } from './address-policy';

/** Resolves a host name to every address it has (`dns.lookup` with `all: true` by default). */
export type WebhookLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** How {@link sendWebhook} reaches receivers. */
export interface WebhookTransport {
  /** Send to loopback and private addresses too (a development server's own receivers). */
  allowPrivate: boolean;
  /** One request's whole time (lookup, connect, TLS, answer headers), ms. */
  timeoutMs: number;
  lookup: WebhookLookup;
  agents: { http: HttpAgent; https: HttpsAgent };
}

/** What one attempt came to: the receiver's status (if it answered) and, unless it was a 2xx, what went wrong in words. */
export interface SendResult {
  status: number | null;
  error: string | null;
  /** Cut off by the caller's signal before the receiver answered: the attempt says nothing about the receiver. */
  stopped?: true;
}

/** A transport with keep-alive agents (the connections they keep are to addresses that were checked). */
export function createWebhookTransport(options: Partial<WebhookTransport> = {}): WebhookTransport & { close(): void } {
  const agents = options.agents ?? { http: new HttpAgent({ keepAlive: true, maxFreeSockets: 16 }), https: new HttpsAgent({ keepAlive: true, maxFreeSockets: 16 }) };
  return {
    allowPrivate: options.allowPrivate ?? false,
    timeoutMs: options.timeoutMs ?? 10_000,
    lookup: options.lookup ?? ((hostname) => dnsLookup(hostname, { all: true, verbatim: true })),
    agents,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** Thrown inside {@link sendWebhook} with words already fit for the shop. */
class Refused extends Error {}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

const TLS_CERT = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A socket or TLS error in words a shop can act on. The raw message (which
 * may name addresses and ports inside the server's network) is never stored.
 */
export function failureWords(error: unknown, timeoutMs: number): string {
  if (error instanceof Refused) return error.message;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return `no answer within ${seconds(timeoutMs)}`;
  if (code === 'ECONNREFUSED') return 'connection refused by the receiver';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'the receiver closed the connection without answering';
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_NODATA' || code === 'ENODATA') return "the receiver's host name does not resolve";
  if (code === 'EAI_AGAIN' || code === 'ESERVFAIL' || code === 'ETIMEOUT') return "the receiver's host name could not be looked up (DNS did not answer)";
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN' || code === 'ENETDOWN') return "the receiver's address cannot be reached";
  if (TLS_CERT.has(code)) return 'TLS certificate not valid';
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO') return 'TLS handshake with the receiver failed';
  if (code.startsWith('HPE_')) return 'the receiver did not answer with valid HTTP';
  return 'the connection to the receiver failed';
}

/** The address to connect to: the URL's own, or the first the name resolves to, once every one was checked. */
async function checkedAddress(url: URL, transport: WebhookTransport): Promise<{ address: string; family: number }> {
  if (!transport.allowPrivate) {
    const refusal = urlRefusal(url);
    if (refusal) throw new Refused(refusalWords(refusal));
  }
  const host = hostOf(url);
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await transport.lookup(host);
  if (addresses.length === 0) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' });
  if (!transport.allowPrivate) {
    // every address, not only the one used: a name that also points inside is refused as a whole
    for (const a of addresses) {
      const refusal = addressRefusal(a.address);
      if (refusal) throw new Refused(refusalWords(refusal));
    }
  }
  return addresses[0]!;
}

/**
 * POSTs one webhook to `url`, and only to an address that was checked:
 * the name is looked up once, every address it gives is judged by
 * {@link addressRefusal} (unless `allowPrivate`), and the connection is
 * made to the first through a `lookup` that returns just that address, so
 * nothing resolves the name again between the check and the connect
 * (DNS rebinding). The Host header and TLS server name stay the URL's.
 * Redirects are not followed. The whole attempt ends after `timeoutMs`, or
 * when `signal` aborts. Never throws.
 */
export async function sendWebhook(
  urlText: string,
  headers: Record<string, string>,
  body: string,
  transport: WebhookTransport,
  signal?: AbortSignal,
): Promise<SendResult> {
  const deadline = AbortSignal.timeout(transport.timeoutMs);
  const abort = signal ? AbortSignal.any([signal, deadline]) : deadline;
  try {
    const url = new URL(urlText);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refused('the endpoint URL is not http(s)');
    const target = await raceAbort(checkedAddress(url, transport), abort);
    const pinned: LookupFunction = (_hostname, options, callback) => {
      if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
      else callback(null, target.address, target.family);
    };
    const https = url.protocol === 'https:';
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        {
          protocol: url.protocol,
          hostname: hostOf(url),
          port: url.port || (https ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          agent: https ? transport.agents.https : transport.agents.http,
          lookup: pinned,
          signal: abort,
          ...(url.username ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
        },
        resolve,
      );
      req.on('error', reject);
      req.end(body);
    });
    // the answer's body is not needed: read a little of it (so the connection can be kept) within the same deadline
    let read = 0;
    res.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > 64 * 1024) res.destroy();
    });
    res.on('error', () => undefined);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return { status, error: null };
    return { status, error: status >= 300 && status < 400 ? `HTTP ${status} from the receiver (redirects are not followed)` : `HTTP ${status} from the receiver` };
  } catch (error) {
    if (signal?.aborted && !deadline.aborted) return { status: null, error: 'the server stopped before the receiver answered', stopped: true };
    return { status: null, error: failureWords(deadline.aborted ? deadline.reason : error, transport.timeoutMs) };
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (a lookup cannot be cancelled). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
