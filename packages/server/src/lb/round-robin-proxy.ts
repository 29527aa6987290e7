import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of {@link startRoundRobinProxy}. */
export interface RoundRobinProxyOptions {
  /** `http://host:port` of each `twotier serve` process. */
  upstreams: string[];
  port?: number;
  hostname?: string;
  /** How long an upstream that refused a connection is skipped, ms (default 2,000). */
  downForMs?: number;
  /** Largest request body relayed, bytes (default 1 MiB; the server itself stops at 64 KB). */
  maxBodyBytes?: number;
}

/** A running proxy. */
export interface RoundRobinProxy {
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * A small HTTP load balancer for several `twotier serve` processes: each
 * request goes to the next upstream in turn. The body is read first, so a
 * request an upstream refused (and any read) is sent to the next one; a
 * write cut off mid-way is answered 502 for the client to retry with the same
 * ids. An upstream that failed is skipped for `downForMs`. It sets `X-Forwarded-For` (start the servers with
 * `TWOTIER_TRUST_PROXY=1`). Any HTTP balancer can take its place: see
 * docs/self-hosting.md.
 */
export async function startRoundRobinProxy(options: RoundRobinProxyOptions): Promise<RoundRobinProxy> {
  if (options.upstreams.length === 0) throw new Error('at least one upstream is required');
  const upstreams = options.upstreams.map((u) => ({ url: new URL(u), downUntil: 0 }));
  const downForMs = options.downForMs ?? 2_000;
  const maxBody = options.maxBodyBytes ?? 1 << 20;
  let next = 0;

  const pick = (tried: Set<number>): number | null => {
    const now = Date.now();
    for (let i = 0; i < upstreams.length; i++) {
      const n = (next + i) % upstreams.length;
      if (!tried.has(n) && upstreams[n]!.downUntil <= now) {
        next = n + 1;
        return n;
      }
    }
    // every upstream marked down: try one not yet tried rather than fail at once
    for (let n = 0; n < upstreams.length; n++) if (!tried.has(n)) return n;
    return null;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<number>): void => {
    const n = pick(tried);
    if (n === null) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'no server answered' } }));
      return;
    }
    tried.add(n);
    const target = upstreams[n]!.url;
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
    const peer = req.socket.remoteAddress ?? '';
    headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${String(req.headers['x-forwarded-for'])}, ${peer}` : peer;
    headers['content-length'] = String(body.length);
    const out = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      upstreams[n]!.downUntil = Date.now() + downForMs;
      // never delivered (refused), or a read: safe to send to the next upstream. A write that
      // may have reached a dying server is answered 502 and the client retries it with its own
      // ids (orders and refunds are idempotent on them), so the balancer never doubles a write.
      if (err.code === 'ECONNREFUSED' || req.method === 'GET' || req.method === 'HEAD') {
        forward(req, res, body, tried);
        return;
      }
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_gateway', message: 'the server closed the connection; retry the request' } }));
    });
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(JSON.stringify({ error: { code: 'payload_too_large', message: `bodies are limited to ${maxBody} bytes` } }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!res.headersSent) forward(req, res, Buffer.concat(chunks), new Set());
    });
    req.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.hostname ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
