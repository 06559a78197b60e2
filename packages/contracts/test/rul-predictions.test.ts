import { describe, expect, it } from 'vitest';
import { decodeEvent, RulPrediction, TOPICS, type RulPredictionPayload } from '../src';

const before: RulPredictionPayload = {
  predictionId: 'rul:P-101:1000',
  assetId: 'P-101',
  predictedAt: 2000,
  asOf: 1000,
  rul: 0.8,
  lower: 0.5,
  upper: 1,
  level: 0.9,
  unit: 'h',
  healthIndex: 0.4,
  modelVersion: 'rul-sim@1',
};
const message = (data: object) =>
  JSON.stringify(RulPrediction.create({ source: 'test', subject: 'P-101', data: data as RulPredictionPayload }));

describe('rul-predictions: upperUnbounded', () => {
  it('decodes an event written before the field (absent: a closed interval)', () => {
    const decoded = decodeEvent(TOPICS.rulPredictions, message(before));
    expect(decoded.ok && decoded.event.data).toEqual(before);
    expect(decoded.ok && decoded.event.data.upperUnbounded).toBeUndefined();
  });

  it('keeps the flag of an interval without an upper bound, and refuses a flag that is not a boolean', () => {
    const decoded = decodeEvent(TOPICS.rulPredictions, message({ ...before, upperUnbounded: true }));
    expect(decoded.ok && decoded.event.data.upperUnbounded).toBe(true);
    const bad = decodeEvent(TOPICS.rulPredictions, message({ ...before, upperUnbounded: 'yes' }));
    expect(bad).toMatchObject({ ok: false, code: 'EVENT_DATA_INVALID' });
  });
});
