import type { Database, Logger } from '@vigie/service-kit';
import type { CloudEvent, Topic } from '@vigie/contracts';
import { markPublished, readUnpublished, tryLockOutbox, type OutboxRow } from './outbox';

export interface OutboxRelayOptions {
  readonly db: Database;
  /** ctx.publish: keys each event by its subject (the asset id). */
  readonly publish: (topic: Topic, events: readonly CloudEvent<unknown>[]) => Promise<void>;
  readonly logger: Logger;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
}

/**
 * Publishes outbox rows in id order and marks them published, inside one transaction that holds the relay lock:
 * a failed publish rolls back and the rows go out on the next run; a crash after publishing and before COMMIT
 * republishes them with the same CloudEvent ids (at least once). Runs after each committed change, on an
 * interval (catching rows left by a crash or another instance) and once at start.
 */
export class OutboxRelay {
  readonly #options: OutboxRelayOptions;
  #queued: Promise<number> | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;

  constructor(options: OutboxRelayOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.afterCommit(), this.#options.pollIntervalMs);
    this.#timer.unref();
  }

  /** Stops the interval, then drains once more so nothing committed before shutdown waits for the next start. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.afterCommit();
  }

  /** Drains the outbox; concurrent calls share one queued run, and runs never overlap. Resolves to rows published. */
  runOnce(): Promise<number> {
    if (this.#queued) return this.#queued;
    const run = this.#tail.then(() => {
      this.#queued = null;
      return this.#drain();
    });
    this.#queued = run;
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** For callers whose change is already committed: a publish failure is logged and retried later, never thrown. */
  async afterCommit(): Promise<void> {
    try {
      await this.runOnce();
    } catch (err) {
      this.#options.logger.warn({ err }, 'outbox relay failed; rows stay queued for the next run');
    }
  }

  async #drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.#options.db.transaction(async (tx) => {
        if (!(await tryLockOutbox(tx))) return 0;
        const rows = await readUnpublished(tx, this.#options.batchSize);
        for (const run of runsByTopic(rows)) {
          await this.#options.publish(run.topic, run.rows.map((r) => r.payload));
        }
        if (rows.length > 0) await markPublished(tx, rows.map((r) => r.id));
        return rows.length;
      });
      total += sent;
      if (sent < this.#options.batchSize) return total;
    }
  }
}

/** Consecutive rows of one topic, so a batch goes out in as few publish calls as order allows. */
function runsByTopic(rows: readonly OutboxRow[]): { topic: Topic; rows: OutboxRow[] }[] {
  const runs: { topic: Topic; rows: OutboxRow[] }[] = [];
  for (const row of rows) {
    const last = runs.at(-1);
    if (last && last.topic === row.topic) last.rows.push(row);
    else runs.push({ topic: row.topic, rows: [row] });
  }
  return runs;
}
