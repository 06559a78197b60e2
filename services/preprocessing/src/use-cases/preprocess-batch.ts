import { PreprocessedData, TOPICS, type CloudEvent, type SensorDataPayload } from '@vigie/contracts';
import type { ServiceContext } from '@vigie/service-kit';
import { cleanBatch } from '../domain/clean';
import type { PreprocessingRepository } from '../adapters/preprocessing-repository';

/**
 * Cleans one sensor-data event and forwards the accepted samples. Publishes BEFORE storing: if the process dies in
 * between, the redelivered event is cleaned again from the old high-water mark and re-published under the same
 * event id (downstream stores are idempotent); once stored, the high-water mark makes a redelivery a no-op.
 */
export class PreprocessBatch {
  private readonly marks = new Map<string, number>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: PreprocessingRepository,
  ) {}

  async restore(): Promise<void> {
    for (const [sensor, ts] of await this.repo.lastTimestamps()) this.marks.set(sensor, ts);
  }

  async execute(events: readonly CloudEvent<SensorDataPayload>[]): Promise<void> {
    const outgoing: CloudEvent<unknown>[] = [];
    const toStore: (() => Promise<void>)[] = [];
    for (const event of events) {
      const batch = event.data;
      const result = cleanBatch(batch, this.marks.get(batch.sensorId) ?? null);
      if (result.lastTs !== null) this.marks.set(batch.sensorId, result.lastTs);
      if (result.output) {
        outgoing.push(
          PreprocessedData.create({ source: 'vigie/preprocessing', subject: batch.assetId, data: result.output, id: `pp:${event.id}` }),
        );
      }
      const span = { first: batch.samples[0]!.ts, last: batch.samples[batch.samples.length - 1]!.ts };
      toStore.push(() => this.repo.store(event.id, result.output, batch, result.counts, span));
    }
    await this.ctx.publish(TOPICS.preprocessedData, outgoing);
    for (const store of toStore) await store();
  }
}
