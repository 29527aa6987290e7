import type { MeResponse, MyCommission, PublicDistributor, Recruit, SessionResult, Withdrawal } from '@twotier/core/schema';

/** The public distributor lookup, with the shop's referee reward when it has one. */
export type Inviter = PublicDistributor & { welcomeCoupon?: { code: string } | null };

/** The few calls the panel makes: a public lookup, the session, and the distributor's own data. */
export const createPanelApi = (w: Window, base: string, key: string | undefined) => {
  let session: string | undefined;
  /** GET, or POST with a body; `method` for another (DELETE). */
  const req = async <T>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (session) headers.authorization = 'Bearer ' + session;
    const res = await w.fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string; details?: unknown } } | null;
    // The server's message is shown to the distributor as text; `details` names the fields it refused.
    if (!res.ok) throw Object.assign(new Error(json?.error?.message || res.statusText || String(res.status)), { code: json?.error?.code, details: json?.error?.details });
    return json as T;
  };
  return {
    /**
     * Who invited this visitor, with the shop's welcome coupon (the same one on every call for
     * this visitor) when it has a referee reward; the plain public lookup when that fails. The
     * server gives a coupon only for a touch it has: asked once this landing's touch was answered
     * (`touch`), and once more a moment later if the touch was not stored yet (409 `no_referral_visit`).
     */
    async inviter(code: string, visitorId: string | null, touch?: Promise<unknown>): Promise<Inviter> {
      const q = `key=${encodeURIComponent(key || '')}&code=${encodeURIComponent(code)}`;
      const welcome = () => req<{ distributor: PublicDistributor; coupon: string | null }>(`/v1/public/welcome?${q}&visitorId=${visitorId}`);
      try {
        await touch;
        const w = await welcome().catch((e: { code?: string }) =>
          e.code == 'no_referral_visit' ? new Promise<void>((r) => setTimeout(r, 1500)).then(welcome) : Promise.reject(e),
        );
        return { ...w.distributor, welcomeCoupon: w.coupon ? { code: w.coupon } : null };
      } catch {
        return req<Inviter>(`/v1/public/distributors/${encodeURIComponent(code)}?${q}`);
      }
    },
    /** The distributor with this code (for an invite code typed by hand), or an error when there is none. */
    distributor: (code: string) =>
      req<PublicDistributor>(`/v1/public/distributors/${encodeURIComponent(code)}?key=${encodeURIComponent(key || '')}&code=${encodeURIComponent(code)}`),
    async signIn(identityToken: string, visitorId: string | null): Promise<SessionResult> {
      const r = await req<SessionResult>('/v1/sessions', { key, identityToken, ...(visitorId ? { visitorId } : {}) });
      session = r.session;
      return r;
    },
    me: () => req<MeResponse>('/v1/me'),
    join: (parentCode: string | null) => req<MeResponse>('/v1/me/join', { acceptTerms: true, ...(parentCode ? { parentCode } : {}) }),
    commissions: () => req<{ data: MyCommission[] }>('/v1/me/commissions?limit=20'),
    recruits: () => req<{ data: Recruit[] }>('/v1/me/recruits'),
    withdraw: (amount: number) => req<Withdrawal>('/v1/me/withdrawals', { amount }),
    /** Any other call with the session, for the lazy chunks (payout accounts, the withdrawal quote). */
    req,
  };
};

/** The panel's API client. */
export type PanelApi = ReturnType<typeof createPanelApi>;
