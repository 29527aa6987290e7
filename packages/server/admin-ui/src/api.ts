/** An error answer of the API: `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const csrfToken = (): string => /(?:^|;\s*)twotier_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';

/** Called when the session is gone (401), so the app can show the sign-in page. */
let onSignedOut: () => void = () => undefined;
export const setSignedOutHandler = (fn: () => void) => {
  onSignedOut = fn;
};

/**
 * Calls the server's own API with the admin session cookie; every non-GET
 * carries the CSRF token. Answers JSON, or text for CSV.
 */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined as T;
  return ((res.headers.get('content-type') ?? '').includes('json') ? await res.json() : await res.text()) as T;
}

/** One request with the session cookie (and CSRF token on writes); an error answer thrown as {@link ApiError}. */
async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrfToken());
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const err = type.includes('json') ? ((await res.json()) as { error?: { code: string; message: string; details?: unknown } }).error : undefined;
    if (res.status === 401 && !path.endsWith('/admin/session')) onSignedOut();
    throw new ApiError(res.status, err?.code ?? 'http_error', err?.message ?? `${res.status} ${res.statusText}`, err?.details);
  }
  return res;
}

/** Builds a query string from the defined values. */
export const qs = (params: object): string => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const text = s.toString();
  return text ? `?${text}` : '';
};

/**
 * Downloads a CSV answer as a file (the same request, so the same auth),
 * byte for byte: read as text, the UTF-8 BOM Excel needs would be dropped.
 * Answers how many rows the file has and how many were left out (payout
 * files: `Twotier-Rows`, `Twotier-Skipped`).
 */
export async function downloadCsv(path: string, filename: string): Promise<{ rows: number | null; skipped: number }> {
  const res = await send('GET', path);
  const url = URL.createObjectURL(new Blob([await res.arrayBuffer()], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  const rows = res.headers.get('twotier-rows');
  return { rows: rows === null ? null : Number(rows), skipped: Number(res.headers.get('twotier-skipped') ?? 0) };
}
