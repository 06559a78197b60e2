import type { ExtractedFeaturesPayload } from '@vigie/contracts';
import { computeFeatureSet, samplingRateHz, type FeatureSetOptions } from './feature-set';
import type { ClosedWindow } from './window-assembler';

/**
 * Preprocessing flags that say a sample's value is not a plain good reading. Transform flags (resampled, filtered,
 * detrended, reordered) and gap_before (the gap is before the sample) do not count; unknown flags do not either.
 */
const DEGRADING_FLAGS: ReadonlySet<string> = new Set(['out_of_range', 'clipped', 'bad_quality', 'imputed', 'spike', 'flat_line']);

/** Whether a preprocessed sample's flags count against the window's quality_ratio. */
export const isDegraded = (flags: readonly string[]) => flags.some((f) => DEGRADING_FLAGS.has(f));

/**
 * The extracted-features payload of a decided window: the profile's families on its values, plus `quality_ratio`
 * (share of samples without a degrading flag). fs is the profile's, else 1000 / median sample spacing (ms).
 */
export function windowFeatures(w: ClosedWindow, options: FeatureSetOptions): ExtractedFeaturesPayload {
  const n = w.values.length;
  const fs = options.fs ?? samplingRateHz(w.ts) ?? 1;
  const { features } = computeFeatureSet(w.values, options, fs);
  features.quality_ratio = w.cleanCount / n;
  return {
    assetId: w.assetId,
    sensorId: w.sensorId,
    unit: w.unit,
    windowStart: w.start,
    windowEnd: w.end,
    sampleCount: n,
    firstSampleTs: w.ts[0]!,
    lastSampleTs: w.ts[n - 1]!,
    features,
  };
}

/**
 * Deterministic event id: a replay publishes the same id and consumers de-duplicate. Tumbling windows keep the
 * historical `fx:<sensor>:<start>`; sliding ones add length and hop (`fx:<sensor>:<start>:<length>/<hop>`, ms).
 */
export function windowEventId(w: { sensorId: string; start: number; lengthMs: number; hopMs: number }): string {
  return w.hopMs === w.lengthMs ? `fx:${w.sensorId}:${w.start}` : `fx:${w.sensorId}:${w.start}:${w.lengthMs}/${w.hopMs}`;
}
