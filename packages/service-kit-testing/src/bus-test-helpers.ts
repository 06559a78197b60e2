import { randomBytes } from 'node:crypto';
import type { BusMessage, CommitHint, EventBus, Subscription } from '@vigie/service-kit';

/** A name unique to this run, so suites against a long-lived broker never meet old topics or groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Polls `condition` every 20 ms; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(20);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Collector {
  readonly received: BusMessage[];
  readonly subscription: Subscription;
  /** Values (as UTF-8) received so far. */
  values(): string[];
  waitForCount(n: number, timeoutMs?: number): Promise<void>;
}

/** Subscribes a member that records every message it is handed; `handle` may throw or return a CommitHint. */
export async function collect(
  bus: EventBus,
  options: {
    topics: string[];
    groupId: string;
    fromBeginning?: boolean;
    maxBatchSize?: number;
    handle?: (batch: readonly BusMessage[]) => CommitHint | Promise<CommitHint>;
  },
): Promise<Collector> {
  const received: BusMessage[] = [];
  const subscription = await bus.subscribe({
    topics: options.topics,
    groupId: options.groupId,
    ...(options.fromBeginning === undefined ? {} : { fromBeginning: options.fromBeginning }),
    ...(options.maxBatchSize === undefined ? {} : { maxBatchSize: options.maxBatchSize }),
    handleBatch: async (batch) => {
      const hint = options.handle ? await options.handle(batch) : undefined;
      received.push(...batch);
      return hint;
    },
  });
  return {
    received,
    subscription,
    values: () => received.map((m) => m.value.toString('utf8')),
    waitForCount: (n, timeoutMs) => waitUntil(() => received.length >= n, `${n} messages (have ${received.length})`, timeoutMs),
  };
}

export function sum(offsets: Map<number, string>): number {
  let total = 0;
  for (const o of offsets.values()) total += Number(o);
  return total;
}
