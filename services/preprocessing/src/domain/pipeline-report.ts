import { SampleFlag, type OperationRecord, type PreprocessedSample } from '@vigie/contracts';
import type { ResolvedOptions } from './options';

export type FlagCounts = Record<SampleFlag, number>;

/** What one call did: counts, per-flag counts of the emitted samples, one record per operation that ran. */
export interface BatchReport {
  received: number;
  emitted: number;
  duplicates: number;
  late: number;
  outOfRange: number;
  badQuality: number;
  unimputable: number;
  flags: FlagCounts;
  operations: OperationRecord[];
}

/** What the operators counted during one call. */
export interface Counters {
  duplicates: number;
  late: number;
  reordered: number;
  badQuality: number;
  outOfRange: number;
  imputed: number;
  unimputable: number;
  spikes: number;
  flat: number;
  gaps: number;
  resampled: number;
  filtered: number;
  detrended: number;
  normalized: number;
}

/** What happened between two readings of the operators' running counters. */
export function diffCounters(after: Counters, before: Counters): Counters {
  const d = { ...after };
  for (const k of Object.keys(d) as (keyof Counters)[]) d[k] -= before[k];
  return d;
}

export function emptyFlagCounts(): FlagCounts {
  return Object.fromEntries(SampleFlag.options.map((f) => [f, 0])) as FlagCounts;
}

const IMPUTE_POLICY = 'linear between good neighbours within maxImputeSamples, else hold the last good value';

/** The report of one call: an operation record for every operation the options switch on, in pipeline order. */
export function buildReport(
  o: ResolvedOptions,
  received: number,
  samples: readonly PreprocessedSample[],
  d: Counters,
  at: { periodMs: number | null; filterError: string | null; stats: { median: number | null; mad: number | null } },
): BatchReport {
  const flags = emptyFlagCounts();
  for (const s of samples) for (const f of s.flags) flags[f]++;
  const { periodMs } = at;
  const ops: OperationRecord[] = [
    { op: 'dedupe', params: {}, affected: d.duplicates, dropped: d.duplicates },
    { op: 'reorder', params: { latenessMs: o.latenessMs }, affected: d.reordered, dropped: d.late },
    { op: 'validate', params: { range: o.range }, affected: d.badQuality + d.outOfRange },
    {
      op: 'impute',
      params: { maxImputeSamples: o.imputation.maxImputeSamples, policy: IMPUTE_POLICY },
      affected: d.imputed,
      dropped: d.unimputable,
    },
  ];
  if (o.hampel.enabled) {
    const { enabled: _on, ...params } = o.hampel;
    ops.push({ op: 'hampel', params, affected: d.spikes });
  }
  if (o.flatLine.enabled)
    ops.push({ op: 'flat_line', params: { samples: o.flatLine.samples, epsilon: o.flatLine.epsilon }, affected: d.flat });
  ops.push({ op: 'gaps', params: { gapFactor: o.imputation.gapFactor, periodMs }, affected: d.gaps });
  if (o.resample.enabled) ops.push({ op: 'resample', params: { periodMs, fixed: o.resample.periodMs !== null }, affected: d.resampled });
  const b = o.butterworth;
  if (b.enabled && b.cutoffHz !== null) {
    const fs = periodMs === null ? null : 1000 / periodMs;
    const params = { type: b.type, order: b.order, cutoffHz: b.cutoffHz, fs, ...(at.filterError ? { error: at.filterError } : {}) };
    ops.push({ op: 'butterworth', params, affected: d.filtered });
  }
  if (o.detrend.enabled)
    ops.push({ op: 'detrend', params: { method: 'ema-baseline', windowSamples: o.detrend.windowSamples }, affected: d.detrended });
  ops.push({ op: 'normalize', params: { ...at.stats, windowSamples: o.normalization.windowSamples }, affected: d.normalized });
  return {
    received,
    emitted: samples.length,
    duplicates: d.duplicates,
    late: d.late,
    outOfRange: d.outOfRange,
    badQuality: d.badQuality,
    unimputable: d.unimputable,
    flags,
    operations: ops,
  };
}
