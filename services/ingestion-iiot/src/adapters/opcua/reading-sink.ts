import type { DataValue } from 'node-opcua';
import type { Reading } from '@vigie/plant-simulator';
import { isPlaceholder, toReading } from './status-quality';
import type { SourceLogger, SourceNode } from './types';

export interface ReadingSink {
  /** Turns one DataValue into a reading, unless it is a placeholder or one already delivered. */
  accept(node: SourceNode, dataValue: DataValue): void;
  /** Hands over what is pending and resolves once every batch so far has been delivered. */
  drain(): Promise<void>;
}

/**
 * Batches readings for the pipeline. All 'changed' events of one publish response (or all
 * values of one Read) arrive in the same turn; flushing on setImmediate turns them into one
 * batch, and chaining deliveries keeps batches in order.
 */
export function createReadingSink(onReadings: (readings: Reading[]) => void | Promise<void>, logger: SourceLogger): ReadingSink {
  let pending: Reading[] = [];
  let delivery: Promise<void> = Promise.resolve();
  const lastTs = new Map<string, number>();

  const flush = (): void => {
    const batch = pending;
    if (batch.length === 0) return;
    pending = [];
    delivery = delivery
      .then(() => onReadings(batch))
      .catch((error: unknown) => logger.error({ error: String(error), size: batch.length }, 'onReadings failed'));
  };

  return {
    accept(node, dataValue) {
      if (isPlaceholder(dataValue.statusCode)) return;
      const reading = toReading(node, dataValue);
      const previous = lastTs.get(reading.sensorId);
      // A re-created monitored item first reports the value we already have, and a poll of an
      // unchanged variable returns it again: same source timestamp, not a new sample.
      if (previous === reading.ts) return;
      if (previous !== undefined && reading.ts < previous) {
        logger.warn({ sensorId: reading.sensorId, ts: reading.ts, previous }, 'source clock went backwards');
      }
      lastTs.set(reading.sensorId, reading.ts);
      if (pending.length === 0) setImmediate(flush);
      pending.push(reading);
    },
    async drain() {
      flush();
      await delivery;
    },
  };
}
