import type {
  AnomalyDetectedPayload,
  AnomalyThresholdsResponse,
  Criticality,
  RulPredictionPayload,
  ScoreThresholds,
} from '@vigie/contracts';
import type { SeriesPoint } from './ring-buffer';

/**
 * Pure shaping of the asset page's data into chart series: downsampling, threshold lines, anomaly points, RUL band,
 * feature trends. No React here, so each rule is tested on its own.
 */

/**
 * Keeps at most about 2 × `buckets` points by taking, per bucket of equal time span, its lowest and highest point
 * (in time order): peaks survive, which an average or every-nth pick would flatten. A bucket holding a gap (null)
 * keeps one null point, so the line still breaks where readings were bad.
 */
export function downsampleMinMax(points: readonly SeriesPoint[], buckets: number): SeriesPoint[] {
  if (points.length <= 2 * buckets || buckets < 1) return [...points];
  const first = points[0]!.t;
  const span = points[points.length - 1]!.t - first || 1;
  const out: SeriesPoint[] = [];
  let i = 0;
  for (let b = 0; b < buckets; b++) {
    const end = b === buckets - 1 ? Infinity : first + (span * (b + 1)) / buckets;
    let min: SeriesPoint | undefined;
    let max: SeriesPoint | undefined;
    let gap: SeriesPoint | undefined;
    for (; i < points.length && points[i]!.t < end; i++) {
      const p = points[i]!;
      if (p.v === null) {
        gap ??= p;
        continue;
      }
      if (min === undefined || p.v < (min.v as number)) min = p;
      if (max === undefined || p.v > (max.v as number)) max = p;
    }
    const kept = [min, max, gap].filter((p): p is SeriesPoint => p !== undefined);
    kept.sort((a, b) => a.t - b.t);
    for (const p of kept) if (out.at(-1) !== p) out.push(p);
  }
  return out;
}

/** Which model scored an anomaly: the asset model names it `an:<assetId>:<window start>`, a sensor baseline `an:<sensorId>:…`. */
export type AnomalyScorer = 'asset-model' | 'sensor-baseline';
export function anomalyScorer(a: Pick<AnomalyDetectedPayload, 'anomalyId' | 'assetId' | 'windowStart'>): AnomalyScorer {
  return a.anomalyId === `an:${a.assetId}:${a.windowStart}` ? 'asset-model' : 'sensor-baseline';
}

export const LEVELS: readonly Criticality[] = ['low', 'medium', 'high', 'critical'];

export interface ThresholdLine {
  readonly level: Criticality;
  readonly score: number;
}

/**
 * The threshold lines to draw: the asset model's when one serves the asset (it scores the asset as a whole), else the
 * fixed levels of the sensor baselines; with the scorer they belong to, for the legend.
 */
export function thresholdLines(
  t: AnomalyThresholdsResponse | undefined,
): { scorer: AnomalyScorer; modelVersion: string | null; lines: ThresholdLine[] } | null {
  if (t === undefined) return null;
  const pick = (th: ScoreThresholds): ThresholdLine[] => LEVELS.map((level) => ({ level, score: th[level] }));
  if (t.assetModel !== null)
    return { scorer: 'asset-model', modelVersion: t.assetModel.modelVersion, lines: pick(t.assetModel.thresholds) };
  return { scorer: 'sensor-baseline', modelVersion: null, lines: pick(t.sensorBaselines.thresholds) };
}

/** The thresholds that applied to an anomaly, by the scorer that produced it (null when not known). */
export function thresholdsFor(a: AnomalyDetectedPayload, t: AnomalyThresholdsResponse | undefined): ScoreThresholds | null {
  if (t === undefined) return null;
  if (anomalyScorer(a) === 'asset-model') return t.assetModel?.thresholds ?? null;
  return t.sensorBaselines.thresholds;
}

export interface AnomalyPoint {
  /** Window end (plant time). */
  readonly t: number;
  readonly score: number;
  readonly criticality: Criticality;
  readonly anomalyId: string;
}

/** Anomalies from REST and live merged by id (a live one replaces its REST copy), oldest first by window end. */
export function mergeAnomalies(...lists: readonly (readonly AnomalyDetectedPayload[])[]): AnomalyDetectedPayload[] {
  const byId = new Map<string, AnomalyDetectedPayload>();
  for (const list of lists) for (const a of list) byId.set(a.anomalyId, a);
  return [...byId.values()].sort((a, b) => a.windowEnd - b.windowEnd || a.anomalyId.localeCompare(b.anomalyId));
}

export function anomalyPoints(anomalies: readonly AnomalyDetectedPayload[]): AnomalyPoint[] {
  return anomalies.map((a) => ({ t: a.windowEnd, score: a.score, criticality: a.criticality, anomalyId: a.anomalyId }));
}

export interface RulPoint {
  /** Time of the last window the prediction is based on (plant time). */
  readonly t: number;
  readonly rul: number;
  /** [lower, upper]: recharts draws an Area over a two-value key as a band. */
  readonly band: readonly [number, number];
  /** No upper bound (a capped model's interval reaching its cap): the RUL is at least `band[0]`; `band[1]` is the cap. */
  readonly upperUnbounded: boolean;
  readonly level: number;
  readonly modelVersion: string;
}

/** Predictions from REST and live, one per id, oldest first by `asOf`, with their interval as a band. */
export function rulSeries(...lists: readonly (readonly RulPredictionPayload[])[]): RulPoint[] {
  const byId = new Map<string, RulPredictionPayload>();
  for (const list of lists) for (const p of list) byId.set(p.predictionId, p);
  return [...byId.values()]
    .sort((a, b) => a.asOf - b.asOf || a.predictedAt - b.predictedAt)
    .map((p) => ({
      t: p.asOf,
      rul: p.rul,
      band: [p.lower, p.upper] as const,
      upperUnbounded: p.upperUnbounded === true,
      level: p.level,
      modelVersion: p.modelVersion,
    }));
}

export interface RulChart {
  readonly points: readonly RulPoint[];
  /** Fixed y axis (0 to the top) when some interval is open above; null: the chart's own. */
  readonly axis: { readonly top: number; readonly ticks: readonly number[] } | null;
}

/**
 * What the RUL chart draws. An interval without an upper bound has its band filled up to the top of the plot, open
 * above, rather than to its `upper` (the model's cap, which would read as a bound and stretch the axis); the axis is
 * then scaled to what is known — estimates, lower bounds, closed upper bounds — with round ticks, its top one step
 * above them.
 */
export function rulChart(points: readonly RulPoint[]): RulChart {
  if (!points.some((p) => p.upperUnbounded)) return { points, axis: null };
  const known = Math.max(...points.flatMap((p) => (p.upperUnbounded ? [p.rul, p.band[0]] : [p.rul, p.band[0], p.band[1]])));
  const step = roundStep(known / 4);
  const top = (Math.floor(known / step) + 1) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  return {
    points: points.map((p) => (p.upperUnbounded ? { ...p, band: [p.band[0], top] as const } : p)),
    axis: { top, ticks },
  };
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at least `x` (1 for x ≤ 0). */
function roundStep(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= x * (1 - 1e-12)) ?? 10) * power;
}

export interface FeatureWindowLike {
  readonly sensorId: string;
  readonly windowEnd: string;
  readonly features: Readonly<Record<string, number>>;
}

/** Feature names present in the windows (of one sensor when given), sorted. */
export function featureNames(windows: readonly FeatureWindowLike[], sensorId?: string): string[] {
  const names = new Set<string>();
  for (const w of windows) if (sensorId === undefined || w.sensorId === sensorId) for (const k of Object.keys(w.features)) names.add(k);
  return [...names].sort();
}

/** One feature of one sensor over time (window end), oldest first; windows without it are left out. */
export function featureSeries(windows: readonly FeatureWindowLike[], sensorId: string, feature: string): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const w of windows) {
    if (w.sensorId !== sensorId) continue;
    const v = w.features[feature];
    const t = Date.parse(w.windowEnd);
    if (v !== undefined && Number.isFinite(t)) out.push({ t, v });
  }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * The feature to show first: the strongest contributor of the asset's latest anomaly when it names a sensor with
 * windows, else `rms` (or the first feature) of the first sensor.
 */
export function defaultFeature(
  sensors: readonly string[],
  lastAnomaly: Pick<AnomalyDetectedPayload, 'contributors'> | null,
): { sensorId: string; feature: string } | null {
  const top = lastAnomaly?.contributors[0];
  if (top !== undefined && sensors.includes(top.sensorId)) return { sensorId: top.sensorId, feature: top.feature };
  const first = sensors[0];
  return first === undefined ? null : { sensorId: first, feature: 'rms' };
}
