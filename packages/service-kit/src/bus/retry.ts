/**
 * What both bus adapters share around failing handlers: a batch whose handler throws is retried, never skipped,
 * with a capped exponential backoff so a poisoned dependency (database down) does not spin a core.
 */

export interface RetryBackoff {
  /** First delay after a failure, in ms. */
  readonly initialMs: number;
  /** Upper bound of the delay, in ms. */
  readonly maxMs: number;
}

export const DEFAULT_RETRY_BACKOFF: RetryBackoff = { initialMs: 100, maxMs: 10_000 };

/** Delay before retry number `attempt` (0-based), with ±20 % jitter so members do not retry in lockstep. */
export function backoffDelay(attempt: number, backoff: RetryBackoff): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Resolves after `ms`, or early when `signal` aborts (a stopping subscription must not wait out a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Kafka's legal topic names; checked by both adapters so a name that works embedded also works on Kafka. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function assertTopicName(name: string): void {
  if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw new Error(`Invalid topic name "${name}": use 1-249 characters among [a-zA-Z0-9._-]`);
  }
}

/** Publishing to (or subscribing to) a topic nobody created: both adapters refuse, as auto.create.topics=false. */
export class UnknownTopicError extends Error {
  readonly code = 'BUS_UNKNOWN_TOPIC';
  constructor(readonly topic: string) {
    super(`Unknown topic "${topic}": create it with EventBus.ensureTopics first`);
    this.name = 'UnknownTopicError';
  }
}
