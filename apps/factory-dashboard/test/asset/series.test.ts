import { describe, expect, it } from 'vitest';
import type { AnomalyThresholdsResponse } from '@vigie/contracts';
import { mergeAssetWorkOrders } from '../../src/pages/asset/AssetWorkOrders';
import { timeTicks } from '../../src/pages/asset/chart-format';
import {
  anomalyPoints,
  anomalyScorer,
  defaultFeature,
  downsampleMinMax,
  featureNames,
  featureSeries,
  mergeAnomalies,
  rulChart,
  rulSeries,
  thresholdLines,
  thresholdsFor,
} from '../../src/pages/asset/series';
import { anomaly, rul, workOrder } from '../fixtures';

const baselineLevels = { low: 0.6, medium: 0.7, high: 0.8, critical: 0.9 };
const thresholds = (assetModel: boolean): AnomalyThresholdsResponse => ({
  assetId: 'P-101',
  assetModel: assetModel
    ? { modelVersion: 'anomaly-P-101/3', sensors: ['P-101.flow'], thresholds: { low: 0.55, medium: 0.62, high: 0.7, critical: 0.8 } }
    : null,
  sensorBaselines: { thresholds: baselineLevels, sensors: [{ sensorId: 'P-101.vibration', modelVersion: 'auto-1' }] },
});

describe('downsampleMinMax', () => {
  it('leaves a short series as it is', () => {
    const pts = [1, 2, 3].map((t) => ({ t, v: t }));
    expect(downsampleMinMax(pts, 10)).toEqual(pts);
  });

  it('keeps about 2 points per bucket, in time order, and keeps every peak', () => {
    const pts = Array.from({ length: 10_000 }, (_, t) => ({ t, v: t === 4321 ? 100 : t === 8765 ? -100 : Math.sin(t / 50) }));
    const out = downsampleMinMax(pts, 100);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out.length).toBeGreaterThan(150);
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
    expect(out).toContainEqual({ t: 4321, v: 100 });
    expect(out).toContainEqual({ t: 8765, v: -100 });
    expect(out[0]!.t).toBe(0);
  });

  it('keeps a gap of a bucket as one null point so the line still breaks', () => {
    const pts = Array.from({ length: 1000 }, (_, t) => ({ t, v: t >= 500 && t < 520 ? null : 1 }));
    const out = downsampleMinMax(pts, 50);
    expect(out.filter((p) => p.v === null).length).toBeGreaterThanOrEqual(1);
    expect(out.filter((p) => p.v === null).every((p) => p.t >= 500 && p.t < 520)).toBe(true);
  });
});

describe('anomaly thresholds and points', () => {
  it('tells an asset-model anomaly (an:<asset>:<start>) from a sensor-baseline one (an:<sensor>:<start>)', () => {
    expect(anomalyScorer({ anomalyId: 'an:P-101:6000', assetId: 'P-101', windowStart: 6000 })).toBe('asset-model');
    expect(anomalyScorer({ anomalyId: 'an:P-101.vibration:6000', assetId: 'P-101', windowStart: 6000 })).toBe('sensor-baseline');
  });

  it("draws the asset model's lines when one serves the asset, else the baselines' fixed levels", () => {
    expect(thresholdLines(undefined)).toBeNull();
    expect(thresholdLines(thresholds(true))).toEqual({
      scorer: 'asset-model',
      modelVersion: 'anomaly-P-101/3',
      lines: [
        { level: 'low', score: 0.55 },
        { level: 'medium', score: 0.62 },
        { level: 'high', score: 0.7 },
        { level: 'critical', score: 0.8 },
      ],
    });
    expect(thresholdLines(thresholds(false))).toMatchObject({
      scorer: 'sensor-baseline',
      modelVersion: null,
      lines: [{ score: 0.6 }, { score: 0.7 }, { score: 0.8 }, { score: 0.9 }],
    });
  });

  it('gives each anomaly the thresholds of the scorer that produced it', () => {
    const byAsset = anomaly({ anomalyId: 'an:P-101:0', assetId: 'P-101', windowStart: 0 });
    const bySensor = anomaly({ anomalyId: 'an:P-101.vibration:0', assetId: 'P-101', windowStart: 0 });
    expect(thresholdsFor(byAsset, thresholds(true))?.low).toBe(0.55);
    expect(thresholdsFor(bySensor, thresholds(true))).toEqual(baselineLevels);
    // The asset model has since been retired: its anomaly's thresholds are no longer known.
    expect(thresholdsFor(byAsset, thresholds(false))).toBeNull();
  });

  it('merges REST and live anomalies by id (live wins), oldest window end first', () => {
    const a = anomaly({ anomalyId: 'a', windowEnd: 3000, score: 0.6 });
    const b = anomaly({ anomalyId: 'b', windowEnd: 1000 });
    const merged = mergeAnomalies([a, b], [{ ...a, score: 0.95, criticality: 'critical' }]);
    expect(merged.map((x) => x.anomalyId)).toEqual(['b', 'a']);
    expect(anomalyPoints(merged)).toEqual([
      { t: 1000, score: b.score, criticality: b.criticality, anomalyId: 'b' },
      { t: 3000, score: 0.95, criticality: 'critical', anomalyId: 'a' },
    ]);
  });
});

describe('RUL series', () => {
  it('is one point per prediction, oldest asOf first, with its interval as a band', () => {
    const older = rul({ predictionId: 'r1', asOf: 1000, rul: 50, lower: 40, upper: 70, modelVersion: 'trend-1' });
    const newer = rul({ predictionId: 'r2', asOf: 2000, rul: 30, lower: 20, upper: 45, modelVersion: 'rul-P-101/2' });
    expect(rulSeries([newer, older], [newer])).toEqual([
      { t: 1000, rul: 50, band: [40, 70], upperUnbounded: false, level: older.level, modelVersion: 'trend-1' },
      { t: 2000, rul: 30, band: [20, 45], upperUnbounded: false, level: newer.level, modelVersion: 'rul-P-101/2' },
    ]);
  });

  it("draws closed intervals as they are, on the chart's own axis", () => {
    const points = rulSeries([rul({ predictionId: 'r1', rul: 50, lower: 40, upper: 70 })]);
    expect(rulChart(points)).toEqual({ points, axis: null });
  });

  it('fills an interval without an upper bound to the top of the plot, the axis scaled to what is known', () => {
    // The open interval's `upper` (830 h: the model's cap) is no bound: it neither ends the band nor sets the axis.
    const open = rul({ predictionId: 'r1', asOf: 1000, rul: 30, lower: 12, upper: 830, upperUnbounded: true });
    const closed = rul({ predictionId: 'r2', asOf: 2000, rul: 20, lower: 14, upper: 37 });
    const chart = rulChart(rulSeries([open, closed]));
    expect(chart.axis).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(chart.points.map((p) => [p.band, p.upperUnbounded])).toEqual([
      [[12, 40], true],
      [[14, 37], false],
    ]);
    // The top is always a step above the highest known value, so an open band is never mistaken for a closed one.
    expect(rulChart(rulSeries([{ ...open, rul: 40, lower: 20 }])).axis).toEqual({ top: 50, ticks: [0, 10, 20, 30, 40, 50] });
    expect(rulChart(rulSeries([{ ...open, rul: 0, lower: 0 }])).axis).toEqual({ top: 1, ticks: [0, 1] });
  });
});

describe('feature trends', () => {
  const w = (sensorId: string, end: number, features: Record<string, number>) => ({
    sensorId,
    windowEnd: new Date(end).toISOString(),
    features,
  });
  const windows = [
    w('P-101.vibration', 2000, { rms: 2, kurtosis: 3 }),
    w('P-101.vibration', 1000, { rms: 1 }),
    w('P-101.flow', 1000, { mean: 7 }),
  ];

  it('lists the feature names of a sensor and its series over time, oldest first', () => {
    expect(featureNames(windows, 'P-101.vibration')).toEqual(['kurtosis', 'rms']);
    expect(featureNames(windows)).toEqual(['kurtosis', 'mean', 'rms']);
    expect(featureSeries(windows, 'P-101.vibration', 'rms')).toEqual([
      { t: 1000, v: 1 },
      { t: 2000, v: 2 },
    ]);
    expect(featureSeries(windows, 'P-101.vibration', 'kurtosis')).toEqual([{ t: 2000, v: 3 }]);
  });

  it("opens on the latest anomaly's strongest contributor, else rms of the first sensor", () => {
    const last = anomaly({
      anomalyId: 'x',
      contributors: [{ sensorId: 'P-101.vibration', feature: 'bpfo_amplitude', value: 1, baseline: 0.2, z: 9 }],
    });
    expect(defaultFeature(['P-101.flow', 'P-101.vibration'], last)).toEqual({ sensorId: 'P-101.vibration', feature: 'bpfo_amplitude' });
    expect(defaultFeature(['P-101.flow'], last)).toEqual({ sensorId: 'P-101.flow', feature: 'rms' });
    expect(defaultFeature([], null)).toBeNull();
  });
});

describe("the asset's work orders", () => {
  it("keeps only the asset's orders, the newest update of each, newest created first", () => {
    const a1 = workOrder({
      id: 'a1',
      assetId: 'P-101',
      createdAt: '2026-11-27T08:00:00.000Z',
      updatedAt: '2026-11-27T08:00:00.000Z',
      status: 'requested',
    });
    const a1Later = { ...a1, status: 'approved' as const, updatedAt: '2026-11-27T09:00:00.000Z' };
    const a2 = workOrder({ id: 'a2', assetId: 'P-101', createdAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z' });
    const other = workOrder({ id: 'b1', assetId: 'P-102' });
    expect(mergeAssetWorkOrders('P-101', [a1Later, a2, other], [a1]).map((w) => [w.id, w.status])).toEqual([
      ['a2', a2.status],
      ['a1', 'approved'],
    ]);
  });
});

describe('chart time ticks', () => {
  const H = 3_600_000;
  it('gives at most `count` round ticks inside the range', () => {
    const from = Date.UTC(2026, 10, 27, 8, 7);
    const ticks = timeTicks(from, from + H, 5);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.every((t) => t >= from && t <= from + H && t % 900_000 === 0)).toBe(true);
    expect(timeTicks(from, from + 3 * 24 * H, 4).every((t) => t % (24 * H) === 0)).toBe(true);
  });

  it('gives the single point of an empty span, and nothing for no data', () => {
    expect(timeTicks(1000, 1000)).toEqual([1000]);
    expect(timeTicks(Number.NaN, Number.NaN)).toEqual([]);
  });
});
