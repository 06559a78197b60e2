import { ExtractedFeatures, TOPICS, type PreprocessedDataPayload } from '@vigie/contracts';
import type { ConsumedEvent, ServiceContext } from '@vigie/service-kit';
import type { TumblingWindows } from '../domain/tumbling-windows';
import type { FeaturesRepository } from '../adapters/features-repository';
import type { LatestFeaturesCache } from '../adapters/latest-features-cache';

/**
 * Feeds preprocessed samples into the windows; publishes closed windows (id = sensor + window start, so a replay
 * publishes the same event again and consumers de-duplicate), then stores them, then lets the offset commit up to
 * the first message an open window still needs.
 */
export class ExtractWindowFeatures {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly windows: TumblingWindows,
    private readonly repo: FeaturesRepository,
    private readonly latest: LatestFeaturesCache,
  ) {}

  async execute(events: readonly ConsumedEvent<PreprocessedDataPayload>[]): Promise<Map<number, string>> {
    const closed = [];
    const partitions = new Set<number>();
    for (const { event, message } of events) {
      partitions.add(message.partition);
      const { assetId, sensorId, unit } = event.data;
      const position = { partition: message.partition, offset: message.offset };
      for (const s of event.data.samples) {
        const w = this.windows.add({ assetId, sensorId, unit, ts: s.ts, value: s.value }, position);
        if (w) closed.push(w);
      }
    }
    await this.ctx.publish(
      TOPICS.extractedFeatures,
      closed.map((w) => ExtractedFeatures.create({ source: 'vigie/feature-extraction', subject: w.assetId, data: w, id: `fx:${w.sensorId}:${w.windowStart}` })),
    );
    await this.repo.store(closed);
    await this.latest.record(closed);
    const hint = new Map<number, string>();
    for (const p of partitions) {
      const held = this.windows.holdBack(p);
      if (held !== undefined) hint.set(p, held);
    }
    return hint;
  }
}
