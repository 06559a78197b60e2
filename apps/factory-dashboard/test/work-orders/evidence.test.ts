import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../src/pages/work-orders/evidence';

describe('readEvidence', () => {
  it('reads anomaly and RUL entries as the orchestrator stores them, with the model versions named', () => {
    const view = readEvidence({
      anomalies: [
        {
          eventId: 'e1',
          anomalyId: 'an-1',
          sensorId: 'P-101.vibration',
          score: 0.93,
          criticality: 'high',
          contributors: [{ sensorId: 'P-101.vibration', feature: 'rms', value: 4.2, baseline: 1.1, z: 6.3 }],
          modelVersion: 'iforest-3',
          detectedAt: '2030-01-07T08:00:00.000Z',
          window: { start: '2030-01-07T07:59:00.000Z', end: '2030-01-07T08:00:00.000Z' },
          links: { features: '/api/v1/features/P-101', anomalies: '/api/v1/anomalies/P-101' },
          decidedBy: { ruleId: 'anomaly-high', ruleSetVersion: 1 },
        },
      ],
      rul: [
        {
          eventId: 'e2',
          predictionId: 'pr-1',
          rul: 40,
          lower: 20,
          upper: 70,
          level: 0.9,
          unit: 'h',
          healthIndex: 0.4,
          modelVersion: 'gbdt-2',
          predictedAt: '2030-01-07T08:01:00.000Z',
        },
      ],
    });
    expect(view.anomalies).toEqual([
      {
        anomalyId: 'an-1',
        sensorId: 'P-101.vibration',
        score: 0.93,
        criticality: 'high',
        modelVersion: 'iforest-3',
        detectedAt: '2030-01-07T08:00:00.000Z',
        window: { start: '2030-01-07T07:59:00.000Z', end: '2030-01-07T08:00:00.000Z' },
        contributors: [{ sensorId: 'P-101.vibration', feature: 'rms', value: 4.2, baseline: 1.1, z: 6.3 }],
        decidedBy: { ruleId: 'anomaly-high', ruleSetVersion: 1 },
      },
    ]);
    expect(view.rul).toMatchObject([
      { predictionId: 'pr-1', rul: 40, lower: 20, upper: 70, level: 0.9, healthIndex: 0.4, decidedBy: null },
    ]);
    expect(view.modelVersions).toEqual(['gbdt-2', 'iforest-3']);
    expect(view.rul[0]!.upperUnbounded).toBe(false);
  });

  it('reads the flag of a RUL interval without an upper bound', () => {
    const entry = { predictionId: 'pr-2', rul: 0.9, lower: 0.6, upper: 1, level: 0.9, healthIndex: 0.1 };
    const view = readEvidence({
      rul: [
        { ...entry, upperUnbounded: true },
        { ...entry, predictionId: 'pr-3', upperUnbounded: 'yes' },
      ],
    });
    expect(view.rul.map((r) => [r.predictionId, r.upperUnbounded])).toEqual([
      ['pr-2', true],
      ['pr-3', false],
    ]);
  });

  it('skips entries lacking what the page needs instead of failing, and reads an empty object as no evidence', () => {
    expect(readEvidence({})).toEqual({ anomalies: [], rul: [], modelVersions: [] });
    const view = readEvidence({
      anomalies: [{ anomalyId: 'x' }, 'junk', { anomalyId: 'y', score: 0.5, contributors: [{ feature: 'rms' }] }],
      rul: { not: 'a list' },
    });
    expect(view.anomalies.map((a) => [a.anomalyId, a.contributors.length, a.window])).toEqual([['y', 0, null]]);
    expect(view.rul).toEqual([]);
  });
});
