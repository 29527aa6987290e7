/**
 * The runtime's outbox: tracking events kept in localStorage until the server
 * has them, so a touch made offline is resent later with the same event id.
 */

/** One tracking event waiting to be delivered. */
export interface OutboxEvent {
  /** `click` or `conversion`: the path under `/v1/track/`. */
  t: string;
  /** The JSON body, including `eventId`. */
  b: { eventId: string } & Record<string, unknown>;
}

/** What the outbox needs from the page. */
export interface OutboxEnv {
  fetch: typeof fetch;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  api: string;
  log: (...args: unknown[]) => void;
}

const KEY = 'tt_q';

/**
 * Creates the outbox. `push` queues an event and flushes; `keep` only queues
 * (an event that just failed: sent again on the next flush); `flush` sends every
 * queued event once at a time (an event in flight is not sent twice) and drops
 * it when the server answered (2xx, or a 4xx other than 408/429 that a resend
 * cannot fix). Storage failures leave the queue in memory; nothing throws.
 */
export const createOutbox = ({ fetch, storage, api, log }: OutboxEnv) => {
  let memory: OutboxEvent[] = [];
  const busy: Record<string, 1> = {};
  const load = (): OutboxEvent[] => {
    try {
      const v = JSON.parse(storage!.getItem(KEY)!);
      if (Array.isArray(v)) return v;
    } catch {}
    return memory;
  };
  const save = (q: OutboxEvent[]) => {
    memory = q = q.slice(-20);
    try {
      storage!.setItem(KEY, JSON.stringify(q));
    } catch {}
  };
  const drop = (id: string) => save(load().filter((e) => e.b.eventId != id));

  const flush = () => {
    for (const e of load()) {
      const id = e.b.eventId;
      if (busy[id]) continue;
      busy[id] = 1;
      // A string body is sent as text/plain: a simple request, no CORS preflight.
      fetch(api + '/v1/track/' + e.t, { method: 'POST', body: JSON.stringify(e.b), keepalive: true })
        .then((r) => {
          if (r.ok || (r.status < 500 && r.status != 408 && r.status != 429)) drop(id);
          log(e.t, r.status);
          // A code that names no distributor (a typo on a poster): warned even without data-debug.
          r.ok && r.json().then((j) => j.unknownCode && console.warn('[twotier] unknown referral code', e.b.code), log);
        }, log)
        .finally(() => delete busy[id]);
    }
  };
  const keep = (e: OutboxEvent) => save([...load().filter((x) => x.b.eventId != e.b.eventId), e]);
  return {
    push(e: OutboxEvent) {
      keep(e);
      flush();
    },
    keep,
    flush,
    size: () => load().length,
  };
};

/** The outbox created by {@link createOutbox}. */
export type Outbox = ReturnType<typeof createOutbox>;
