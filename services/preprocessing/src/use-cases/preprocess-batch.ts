import { PreprocessedData, TOPICS, type CloudEvent, type PreprocessedSample, type SensorDataPayload } from '@vigie/contracts';
import type { ServiceContext } from '@vigie/service-kit';
import type { BatchRecord, PreprocessingRepository, StoredSensor } from '../adapters/preprocessing-repository';
import type { SensorStream, SensorStreams } from './sensor-streams';

/** Samples per published event (the contract's limit). */
const MAX_SAMPLES = 10_000;

/**
 * Runs sensor-data events through their sensors' pipelines. Publishes BEFORE storing, under ids derived from the
 * input (`pp:<event id>`): if the process dies in between, the redelivered event runs again from the stored state
 * and re-publishes the same samples under the same id; once stored (samples, metadata and the new state in one
 * transaction), a redelivered event is a no-op.
 */
export class PreprocessBatch {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: PreprocessingRepository,
    private readonly streams: SensorStreams,
    private readonly now: () => number = Date.now,
  ) {}

  execute(events: readonly CloudEvent<SensorDataPayload>[]): Promise<void> {
    return this.streams.lock(async () => {
      const done = await this.repo.processedEvents(events.map((e) => e.id));
      const todo = events.filter((e) => !done.has(e.id) && (done.add(e.id), true));
      if (todo.length === 0) return;
      await this.streams.ensure(todo.map((e) => e.data));
      const touched = new Map<string, SensorStream>();
      const records: BatchRecord[] = [];
      try {
        for (const event of todo) {
          const batch = event.data;
          const stream = this.streams.get(batch.sensorId);
          stream.assetId = batch.assetId;
          stream.unit = batch.unit;
          stream.lastInputAt = this.now();
          touched.set(batch.sensorId, stream);
          const { samples, report } = stream.pipeline.push(batch.samples);
          const span = { first: Math.min(...batch.samples.map((s) => s.ts)), last: Math.max(...batch.samples.map((s) => s.ts)) };
          records.push({
            eventId: event.id,
            operation: 'stream',
            assetId: batch.assetId,
            sensorId: batch.sensorId,
            unit: batch.unit,
            report,
            samples,
            span,
          });
        }
        await publishAndStore(
          this.ctx,
          this.repo,
          records,
          [...touched.values()].map((s) => this.streams.snapshot(s)),
        );
      } catch (err) {
        this.streams.evict(touched.keys());
        throw err;
      }
    });
  }
}

/** Publishes the records' samples (`pp:<event id>`, split by 10 000), then stores everything in one transaction. */
export async function publishAndStore(
  ctx: ServiceContext,
  repo: PreprocessingRepository,
  records: readonly BatchRecord[],
  states: readonly StoredSensor[],
): Promise<void> {
  const outgoing: CloudEvent<unknown>[] = [];
  for (const r of records) {
    for (let i = 0; i < r.samples.length; i += MAX_SAMPLES) {
      const samples: PreprocessedSample[] = r.samples.slice(i, i + MAX_SAMPLES);
      const id = i === 0 ? `pp:${r.eventId}` : `pp:${r.eventId}#${i / MAX_SAMPLES}`;
      outgoing.push(
        PreprocessedData.create({
          source: 'vigie/preprocessing',
          subject: r.assetId,
          id,
          data: { assetId: r.assetId, sensorId: r.sensorId, unit: r.unit, samples },
        }),
      );
    }
  }
  await ctx.publish(TOPICS.preprocessedData, outgoing);
  await repo.store(records, states);
}
