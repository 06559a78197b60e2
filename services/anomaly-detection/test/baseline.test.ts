import { describe, expect, it } from 'vitest';
import { ANOMALY_THRESHOLD, criticalityOf, fitBaseline, scoreWindow } from '../src/domain/baseline';

const healthy = Array.from({ length: 8 }, (_, i) => ({
  mean: 2.2 + 0.01 * (i % 3),
  rms: 2.3 + 0.01 * (i % 2),
  std: 0.3,
  max: 3,
  peak_to_peak: 1.5,
  kurtosis: 0,
  crest_factor: 1.4,
}));

describe('robust baseline scoring', () => {
  it('keeps healthy windows and a ±5 % load swing below the anomaly threshold', () => {
    const b = fitBaseline(healthy);
    expect(scoreWindow('s', healthy[0]!, b).anomalous).toBe(false);
    const swing = { ...healthy[0]!, mean: 2.2 * 1.05, rms: 2.3 * 1.05 };
    expect(scoreWindow('s', swing, b).score).toBeLessThan(ANOMALY_THRESHOLD);
  });

  it('flags a doubled vibration level, names the strongest feature, and grades criticality', () => {
    const b = fitBaseline(healthy);
    const v = scoreWindow('s', { ...healthy[0]!, mean: 4.4, rms: 4.6 }, b);
    expect(v.anomalous).toBe(true);
    expect(['rms', 'mean', 'max']).toContain(v.contributors[0]!.feature);
    expect(v.score).toBeGreaterThan(0.8);
    expect(v.score).toBeLessThan(1);
    expect(criticalityOf(0.95)).toBe('critical');
    expect(criticalityOf(0.85)).toBe('high');
    expect(criticalityOf(0.75)).toBe('medium');
    expect(criticalityOf(0.65)).toBe('low');
  });

  it('needs three windows to fit', () => {
    expect(() => fitBaseline(healthy.slice(0, 2))).toThrow(RangeError);
  });
});
