import type { ExtractedFeaturesPayload } from '@vigie/contracts';
import type { Cache } from '@vigie/service-kit';
import type { StoredWindow } from './features-repository';

type LatestByAsset = Record<string, StoredWindow>;

const keyOf = (assetId: string) => `latest:${assetId}`;
/** A day: the cache only serves "latest" reads; the table stays the record. */
const TTL_MS = 86_400_000;

/**
 * The newest window of every sensor of an asset, kept in the cache port (in-memory embedded, Redis distributed) so
 * dashboards and models read current features without querying the time series. Partitions are keyed by asset, so one
 * consumer instance owns an asset's entry and the read-merge-write below does not race.
 */
export class LatestFeaturesCache {
  constructor(private readonly cache: Cache) {}

  async record(windows: readonly ExtractedFeaturesPayload[]): Promise<void> {
    const byAsset = new Map<string, ExtractedFeaturesPayload[]>();
    for (const w of windows) byAsset.set(w.assetId, [...(byAsset.get(w.assetId) ?? []), w]);
    for (const [assetId, list] of byAsset) {
      const current = (await this.cache.get<LatestByAsset>(keyOf(assetId))) ?? {};
      for (const w of list) {
        const known = current[w.sensorId];
        if (known && Date.parse(known.windowStart) >= w.windowStart) continue;
        current[w.sensorId] = {
          assetId,
          sensorId: w.sensorId,
          windowStart: new Date(w.windowStart).toISOString(),
          windowEnd: new Date(w.windowEnd).toISOString(),
          sampleCount: w.sampleCount,
          features: w.features,
        };
      }
      await this.cache.set(keyOf(assetId), current, { ttlMs: TTL_MS });
    }
  }

  async latest(assetId: string): Promise<StoredWindow[] | undefined> {
    const entry = await this.cache.get<LatestByAsset>(keyOf(assetId));
    return entry ? Object.values(entry).sort((a, b) => a.sensorId.localeCompare(b.sensorId)) : undefined;
  }
}
