import { robustStats, robustZ, type RobustStats } from '@vigie/signal';
import type { Criticality, FeatureContribution } from '@vigie/contracts';

/**
 * Features the baseline scores, each with the floor of its z scale relative to its healthy level. A few healthy
 * windows give a tiny MAD, and normal swings (operating load ±5 %, the sampling noise of a window's spread) must
 * not read as anomalies. Shape features (kurtosis, crest factor, peak-to-peak) of short windows are too noisy to
 * alarm on; they wait for the detectors of the anomaly issue, which model their distribution.
 */
export const SCORED_FEATURES: Readonly<Record<string, number>> = { mean: 0.05, rms: 0.05, max: 0.05, std: 0.3 };

/** Per-feature robust statistics of one sensor's healthy windows. */
export type SensorBaseline = Record<string, RobustStats>;

export interface BaselineModel {
  assetId: string;
  sensorId: string;
  version: string;
  windows: number;
  stats: SensorBaseline;
}

/** |z| at which the score reaches 0.5; the score is |z| / (|z| + Z_HALF), monotone, in [0, 1). */
const Z_HALF = 4;
/** Score from which a window is reported (|z| ≥ 6). */
export const ANOMALY_THRESHOLD = 0.6;

export function fitBaseline(windows: readonly Record<string, number>[]): SensorBaseline {
  if (windows.length < 3) throw new RangeError('a baseline needs at least 3 windows');
  const stats: SensorBaseline = {};
  for (const f of Object.keys(SCORED_FEATURES)) {
    const values = windows.map((w) => w[f]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length >= 3) stats[f] = robustStats(values);
  }
  return stats;
}

/** Score from which a baseline's window reaches each level (low: it is reported at all). */
export const BASELINE_LEVELS: Readonly<Record<Criticality, number>> = { low: ANOMALY_THRESHOLD, medium: 0.7, high: 0.8, critical: 0.9 };

export function criticalityOf(score: number): Criticality {
  if (score >= BASELINE_LEVELS.critical) return 'critical';
  if (score >= BASELINE_LEVELS.high) return 'high';
  if (score >= BASELINE_LEVELS.medium) return 'medium';
  return 'low';
}

export interface Verdict {
  score: number;
  anomalous: boolean;
  criticality: Criticality;
  contributors: FeatureContribution[];
}

/** Scores a window against its sensor's baseline: the strongest robust z across features decides. */
export function scoreWindow(sensorId: string, features: Record<string, number>, baseline: SensorBaseline): Verdict {
  const contributors: FeatureContribution[] = [];
  for (const [feature, stats] of Object.entries(baseline)) {
    const value = features[feature];
    if (value === undefined || !Number.isFinite(value)) continue;
    const z = robustZ(value, stats, SCORED_FEATURES[feature] ?? 0.05);
    contributors.push({ sensorId, feature, value, baseline: stats.median, z });
  }
  contributors.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  const maxZ = Math.abs(contributors[0]?.z ?? 0);
  const score = maxZ / (maxZ + Z_HALF);
  return { score, anomalous: score >= ANOMALY_THRESHOLD, criticality: criticalityOf(score), contributors: contributors.slice(0, 5) };
}
