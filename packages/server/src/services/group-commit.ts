/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions<Row, Result> {
  /**
   * Writes a batch in one transaction; returns one result per row, in order,
   * once it is durable, or once it is committed together with `durable`,
   * which resolves once it is on disk (Db.writeTxCommitted): the next batch
   * is then written during the sync, and this one answered after it.
   */
  write(rows: Row[]): Promise<Result[] | Committed<Result>>;
  /** Longest the first row of an idle writer waits for company, in ms (default 0: the next turn of the event loop). */
  maxDelayMs?: number;
  /** Largest batch (default 500). */
  maxRows?: number;
}

/** A committed batch's results, and when it is on disk. */
export interface Committed<Result> {
  results: Result[];
  durable: Promise<void>;
}

interface Pending<Row, Result> {
  row: Row;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: rows are written in batches, one transaction (one fsync)
 * per batch, and each caller's promise settles only after its batch has
 * committed, so a 2xx always means "durably written". One batch is written
 * at a time: rows arriving while a batch is being written form the next
 * batch, which starts as soon as the current one commits (after the event
 * loop has read the requests that arrived meanwhile), so batches grow with
 * load and an idle writer adds no wait. `maxDelayMs` > 0 makes an idle
 * writer wait that long for company instead. When `write` answers once a
 * batch is committed (with its `durable` promise), the next batch is
 * written while the previous one is synced to disk, and each batch's callers
 * are answered once their own `durable` resolves.
 */
export class GroupCommit<Row, Result> {
  private queue: Pending<Row, Result>[] = [];
  private timer: { cancel(): void } | null = null;
  private writing: Promise<void> | null = null;
  /** Batches committed and not yet on disk. */
  private readonly syncing = new Set<Promise<void>>();
  private readonly maxDelayMs: number;
  private readonly maxRows: number;

  constructor(private readonly options: GroupCommitOptions<Row, Result>) {
    this.maxDelayMs = options.maxDelayMs ?? 0;
    this.maxRows = options.maxRows ?? 500;
  }

  /** Queues `row`; resolves once its batch has committed. */
  add(row: Row): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.writing) return;
      if (this.queue.length >= this.maxRows) this.flush();
      else this.schedule();
    });
  }

  /** Rows waiting for a batch (not counting one being written). */
  get queued(): number {
    return this.queue.length;
  }

  /** Writes everything queued and waits for it (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.writing || this.queue.length > 0) {
      if (!this.writing) this.flush();
      await this.writing;
    }
    await Promise.all(this.syncing);
  }

  private flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.writing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxRows);
    const answer = (results: Result[]) => batch.forEach((p, i) => p.resolve(results[i] as Result));
    const fail = (error: unknown) => batch.forEach((p) => p.reject(error));
    this.writing = this.options
      .write(batch.map((p) => p.row))
      .then((written) => {
        if (Array.isArray(written)) return answer(written);
        const synced = written.durable.then(() => answer(written.results), fail);
        this.syncing.add(synced);
        void synced.finally(() => this.syncing.delete(synced));
      }, fail)
      .finally(() => {
        this.writing = null;
        // requests read while the batch was written form the next one; a turn of the loop lets the rest in
        if (this.queue.length > 0) this.schedule(0);
      });
  }

  private schedule(delayMs = this.maxDelayMs): void {
    if (this.timer) return;
    if (delayMs > 0) {
      const t = setTimeout(() => this.flush(), delayMs);
      this.timer = { cancel: () => clearTimeout(t) };
    } else {
      const i = setImmediate(() => this.flush());
      this.timer = { cancel: () => clearImmediate(i) };
    }
  }
}
