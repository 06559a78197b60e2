import type { PreprocessedDataPayload, SensorDataPayload } from '@vigie/contracts';

/** Physically plausible ranges per unit; a reading outside is a sensor or transmission fault, not a machine state. */
export const DEFAULT_UNIT_RANGES: Readonly<Record<string, { min: number; max: number }>> = {
  'mm/s': { min: 0, max: 200 },
  'm/s2': { min: -2000, max: 2000 },
  g: { min: -200, max: 200 },
  '°C': { min: -60, max: 400 },
  A: { min: 0, max: 10_000 },
  bar: { min: -1, max: 1_000 },
  'm3/h': { min: 0, max: 100_000 },
  rpm: { min: 0, max: 100_000 },
  '%': { min: 0, max: 100 },
};

export interface CleanCounts {
  received: number;
  emitted: number;
  duplicates: number;
  outOfOrder: number;
  outOfRange: number;
  badQuality: number;
}

export interface CleanResult {
  output: PreprocessedDataPayload | null;
  counts: CleanCounts;
  /** Timestamp of the newest sample accepted (the sensor's new high-water mark). */
  lastTs: number | null;
}

/**
 * Validates one batch of a sensor against its high-water mark: a repeat of an accepted timestamp is a duplicate,
 * an older one is out of order (both dropped, counted); bad-quality samples and values outside the plausible range
 * are dropped and counted, never replaced by invented values. A sample after a dropped one is flagged `gap_before`.
 */
export function cleanBatch(
  batch: SensorDataPayload,
  lastTs: number | null,
  range: { min: number; max: number } | undefined = DEFAULT_UNIT_RANGES[batch.unit],
): CleanResult {
  const counts: CleanCounts = { received: batch.samples.length, emitted: 0, duplicates: 0, outOfOrder: 0, outOfRange: 0, badQuality: 0 };
  const samples: PreprocessedDataPayload['samples'] = [];
  let mark = lastTs;
  let gap = false;
  for (const s of batch.samples) {
    if (mark !== null && s.ts <= mark) {
      if (s.ts === mark) counts.duplicates++;
      else counts.outOfOrder++;
      continue;
    }
    mark = s.ts;
    if (s.quality === 'bad' || s.value === null) {
      counts.badQuality++;
      gap = true;
      continue;
    }
    if (range && (s.value < range.min || s.value > range.max)) {
      counts.outOfRange++;
      gap = true;
      continue;
    }
    const flags: PreprocessedDataPayload['samples'][number]['flags'] = [];
    if (gap) flags.push('gap_before');
    if (s.quality === 'uncertain') flags.push('bad_quality');
    samples.push({ ts: s.ts, value: s.value, quality: s.quality, flags });
    gap = false;
  }
  counts.emitted = samples.length;
  const output = samples.length > 0 ? { assetId: batch.assetId, sensorId: batch.sensorId, unit: batch.unit, samples } : null;
  return { output, counts, lastTs: mark };
}
