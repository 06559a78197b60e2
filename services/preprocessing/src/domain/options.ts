import { z } from 'zod';
import { PipelineOptions, type PipelineOptionsInput } from '@vigie/contracts';
import { StreamingButterworth } from './operators/butterworth';

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

/** Every parameter of one sensor's pipeline, defaults applied. */
export interface ResolvedOptions {
  range: { min: number; max: number } | null;
  latenessMs: number;
  imputation: { maxImputeSamples: number; gapFactor: number };
  hampel: { enabled: boolean; halfWindow: number; nSigmas: number; minDeviation: number };
  flatLine: { enabled: boolean; samples: number; epsilon: number };
  resample: { enabled: boolean; periodMs: number | null };
  butterworth: {
    enabled: boolean;
    type: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop';
    order: number;
    cutoffHz: number | readonly [number, number] | null;
  };
  detrend: { enabled: boolean; windowSamples: number };
  normalization: { windowSamples: number; updateEvery: number; minSamples: number };
}

/**
 * Built-in defaults: validation, dedupe, 0.5 s of lateness (plant time), gaps and imputation, Hampel, flat-line and
 * resampling on; Butterworth and detrend off (detrending would erase the degradation trend RUL reads).
 */
export const DEFAULT_OPTIONS: Omit<ResolvedOptions, 'range'> = {
  latenessMs: 500,
  imputation: { maxImputeSamples: 5, gapFactor: 1.5 },
  // Window 11, 5 MADs: on Gaussian noise the batch filter flags 0.47 % of samples (window 7 at 3 MADs: 4.8 %, each
  // replaced by a median, which thins the tails the features read); a real spike is far beyond 5σ.
  hampel: { enabled: true, halfWindow: 5, nSigmas: 5, minDeviation: 0 },
  flatLine: { enabled: true, samples: 20, epsilon: 0 },
  resample: { enabled: true, periodMs: null },
  butterworth: { enabled: false, type: 'lowpass', order: 4, cutoffHz: null },
  detrend: { enabled: false, windowSamples: 600 },
  normalization: { windowSamples: 256, updateEvery: 32, minSamples: 16 },
};

/** The configuration file (PREPROCESSING_CONFIG_FILE): defaults, then per unit, per sensor kind, per sensor id. */
export const PipelineRules = z
  .object({
    defaults: PipelineOptions.default({}),
    units: z.record(z.string(), PipelineOptions).default({}),
    /** Keyed by the sensor kind: what follows the last `.` of the sensor id (`P-101.vibration` → `vibration`). */
    kinds: z.record(z.string(), PipelineOptions).default({}),
    sensors: z.record(z.string(), PipelineOptions).default({}),
  })
  .strict();
export type PipelineRules = z.infer<typeof PipelineRules>;

export interface ConfigIssue {
  path: string;
  message: string;
  code?: string;
}

/** A configuration that parses but cannot run (a filter without cutoff, a cutoff above Nyquist…). */
export class PreprocessingConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(`invalid preprocessing configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'PreprocessingConfigError';
  }
}

export function sensorKind(sensorId: string): string {
  const dot = sensorId.lastIndexOf('.');
  return dot < 0 ? sensorId : sensorId.slice(dot + 1);
}

function merge(base: ResolvedOptions, o: PipelineOptionsInput | undefined): ResolvedOptions {
  if (!o) return base;
  return {
    range: o.range === undefined ? base.range : o.range,
    latenessMs: o.latenessMs ?? base.latenessMs,
    imputation: { ...base.imputation, ...o.imputation },
    hampel: { ...base.hampel, ...o.hampel },
    flatLine: { ...base.flatLine, ...o.flatLine },
    resample: { ...base.resample, ...o.resample },
    butterworth: { ...base.butterworth, ...o.butterworth },
    detrend: { ...base.detrend, ...o.detrend },
    normalization: { ...base.normalization, ...o.normalization },
  };
}

/** The options of one sensor: built-in < rules.defaults < unit < kind < sensor < override. Throws PreprocessingConfigError. */
export function resolveOptions(
  rules: PipelineRules,
  sensor: { sensorId: string; unit: string },
  override?: PipelineOptionsInput,
): ResolvedOptions {
  let o: ResolvedOptions = { ...DEFAULT_OPTIONS, range: DEFAULT_UNIT_RANGES[sensor.unit] ?? null };
  for (const layer of [
    rules.defaults,
    rules.units[sensor.unit],
    rules.kinds[sensorKind(sensor.sensorId)],
    rules.sensors[sensor.sensorId],
    override,
  ]) {
    o = merge(o, layer);
  }
  checkOptions(o);
  return o;
}

/** Cross-field rules zod cannot see on partial documents. */
export function checkOptions(o: ResolvedOptions): void {
  const issues: ConfigIssue[] = [];
  const b = o.butterworth;
  if (b.enabled) {
    const band = b.type === 'bandpass' || b.type === 'bandstop';
    if (b.cutoffHz === null) issues.push({ path: 'butterworth.cutoffHz', message: 'required when the filter is enabled' });
    else if (band !== Array.isArray(b.cutoffHz))
      issues.push({ path: 'butterworth.cutoffHz', message: band ? `a ${b.type} needs [low, high]` : `a ${b.type} needs one frequency` });
    else if (Array.isArray(b.cutoffHz) && b.cutoffHz[0] >= b.cutoffHz[1])
      issues.push({ path: 'butterworth.cutoffHz', message: 'low must be below high' });
    else if (o.resample.periodMs !== null) {
      const issue = butterworthIssue(o, o.resample.periodMs);
      if (issue) issues.push(issue);
    }
  }
  if (o.normalization.minSamples > o.normalization.windowSamples)
    issues.push({ path: 'normalization.minSamples', message: 'must not exceed windowSamples' });
  if (issues.length > 0) throw new PreprocessingConfigError(issues);
}

/** Whether the filter can be designed at this period (cutoff below Nyquist…); the issue if not. */
export function butterworthIssue(o: ResolvedOptions, periodMs: number): ConfigIssue | null {
  try {
    StreamingButterworth.design({ type: o.butterworth.type, order: o.butterworth.order, cutoffHz: o.butterworth.cutoffHz! }, periodMs);
    return null;
  } catch (err) {
    // packages/signal reports bad filter arguments as RangeError (FilterError) with a stable `code`.
    if (!(err instanceof RangeError)) throw err;
    const code = (err as RangeError & { code?: unknown }).code;
    return {
      path: 'butterworth',
      message: `${err.message} at ${1000 / periodMs} Hz sampling`,
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
}
