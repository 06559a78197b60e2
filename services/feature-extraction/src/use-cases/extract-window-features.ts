import { ExtractedFeatures, TOPICS, type ExtractedFeaturesPayload, type PreprocessedDataPayload } from '@vigie/contracts';
import type { ConsumedEvent, FeatureStore, ServiceContext } from '@vigie/service-kit';
import type { AssetCatalog } from '@vigie/service-kit';
import type { FeaturesRepository } from '../adapters/features-repository';
import type { LatestFeaturesCache } from '../adapters/latest-features-cache';
import type { FeatureProfiles } from '../domain/feature-profiles';
import type { WindowAssembler, WindowCursor } from '../domain/window-assembler';
import { isDegraded, windowEventId, windowFeatures } from '../domain/window-features';

/**
 * Feeds preprocessed samples into each sensor's windows under the profile of its asset type; stores new window
 * cursors, publishes the decided windows (deterministic ids), stores them, then lets the offset commit up to the
 * first message an undecided window still needs, and pushes them to the feature store. When a write fails the bus retries the batch, whose samples the
 * windows already hold (they drop them as repeats): the windows it decided are kept and written by the next call.
 */
export class ExtractWindowFeatures {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly windows: WindowAssembler,
    private readonly profiles: FeatureProfiles,
    private readonly assetTypes: AssetCatalog,
    private readonly repo: FeaturesRepository,
    private readonly latest: LatestFeaturesCache,
    private readonly featureStore: FeatureStore,
  ) {}

  /** Decided windows and cursors a failed call did not write. */
  private unsent: { id: string; data: ExtractedFeaturesPayload }[] = [];
  private unsavedCursors: WindowCursor[] = [];

  async execute(events: readonly ConsumedEvent<PreprocessedDataPayload>[]): Promise<Map<number, string>> {
    const closed = this.unsent;
    this.unsent = [];
    const partitions = new Set<number>();
    for (const { event, message } of events) {
      partitions.add(message.partition);
      const { assetId, sensorId, unit, samples } = event.data;
      const profile = this.profiles.resolve(this.assetTypes.typeOf(assetId), sensorId);
      // Only `value` and `flags` are read: other sample fields may be added upstream.
      const input = samples.map((s) => ({ ts: s.ts, value: s.value, clean: !isDegraded(s.flags) }));
      const position = { partition: message.partition, offset: message.offset };
      for (const w of this.windows.add(
        { assetId, sensorId, unit },
        { ...profile.window, minSamples: profile.minSamples },
        input,
        position,
      )) {
        closed.push({ id: windowEventId({ ...w, sensorId }), data: windowFeatures(w, profile.features) });
      }
    }
    const cursors = [...this.unsavedCursors, ...this.windows.takeCursors()];
    this.unsavedCursors = [];
    try {
      // A replay must cut the same windows: a geometry change is durable before its windows leave this process.
      await this.repo.saveCursors(cursors);
      await this.ctx.publish(
        TOPICS.extractedFeatures,
        closed.map(({ id, data }) => ExtractedFeatures.create({ source: 'vigie/feature-extraction', subject: data.assetId, data, id })),
      );
      const payloads = closed.map((c) => c.data);
      await this.repo.store(payloads);
      await this.latest.record(payloads);
      // The feature store (Feast's push source, or the local tables) is written last: a failure retries the batch.
      await this.featureStore.push(payloads);
    } catch (err) {
      // Ids are deterministic: publishing or storing these again is harmless, losing them is not.
      this.unsent = [...closed, ...this.unsent];
      this.unsavedCursors = [...cursors, ...this.unsavedCursors];
      throw err;
    }
    const hint = new Map<number, string>();
    for (const p of partitions) {
      const held = this.windows.holdBack(p);
      if (held !== undefined) hint.set(p, held);
    }
    return hint;
  }
}
