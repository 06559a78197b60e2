/**
 * Collects readings and hands them on in batches: when `maxBatch` are waiting, or `flushIntervalMs` after the
 * first one arrived. Deliveries are chained, so batches arrive in order even when the consumer is async, and a
 * failing consumer loses only its own batch (reported), never the ones after it.
 */
import type { Reading } from '@vigie/plant-simulator';

export interface ReadingBatcher {
  push(readings: readonly Reading[]): void;
  /** Sends what is waiting now; resolves once every batch handed over so far has been delivered. */
  drain(): Promise<void>;
}

export interface ReadingBatcherOptions {
  deliver: (batch: Reading[]) => void | Promise<void>;
  onError: (error: unknown, size: number) => void;
  flushIntervalMs: number;
  maxBatch: number;
}

export function createReadingBatcher(options: ReadingBatcherOptions): ReadingBatcher {
  const { deliver, onError, flushIntervalMs, maxBatch } = options;
  let pending: Reading[] = [];
  let timer: NodeJS.Timeout | null = null;
  let delivery: Promise<void> = Promise.resolve();

  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    delivery = delivery.then(() => deliver(batch)).catch((error: unknown) => onError(error, batch.length));
  };

  return {
    push(readings) {
      for (const r of readings) {
        pending.push(r);
        if (pending.length >= maxBatch) flush();
      }
      if (pending.length > 0) timer ??= setTimeout(flush, flushIntervalMs);
    },
    drain() {
      flush();
      return delivery;
    },
  };
}
