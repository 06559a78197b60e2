import { describe, expect, it } from 'vitest';
import { AssetModel, MIN_ASSET_VECTORS, assembleVectors } from '../src/domain/asset-model';
import { SPEEDS, WINDOW, pumpVectors, stepping } from './pump';

describe('asset model (MSET + PCA ensemble, POT thresholds)', () => {
  const train = pumpVectors(360, 1, stepping);
  const model = AssetModel.fit(train);

  it('stays quiet across operating points it was trained on', () => {
    const healthy = model.score(pumpVectors(288, 2, (i) => SPEEDS[Math.floor(i / 7) % 3]!));
    const alarms = healthy.filter((s) => s.level >= 1).length;
    expect(alarms / healthy.length).toBeLessThan(0.02);
  });

  it('flags a 1× vibration too high for the current speed though within the range seen at another speed, naming it', () => {
    // At speed 0.9 the 1× amplitude reads what it reads at 1.05 (×1.59): every value is in the training range.
    const fault = model.score(
      pumpVectors(
        24,
        3,
        () => 0.9,
        () => 1.05 ** 3 / 0.9 ** 3,
      ),
    );
    const seen = train.map((v) => v.sensors['P.amplitude_1x']!.mean!);
    expect(
      fault.every(
        (s) => s.contributors.find((c) => c.feature === 'mean' && c.sensorId === 'P.amplitude_1x')!.value <= Math.max(...seen) * 1.1,
      ),
    ).toBe(true);
    expect(fault.filter((s) => s.level >= 1).length).toBeGreaterThanOrEqual(22);
    const top = fault[0]!.contributors[0]!;
    expect([top.sensorId, top.feature]).toEqual(['P.amplitude_1x', 'mean']);
    // What the speed, current and flow predict for it: the 1× level of speed 0.9 (2 · 0.9³ = 1.46), not its 2.3.
    expect(top.value).toBeCloseTo(2 * 1.05 ** 3, 0);
    expect(Math.abs(top.baseline - 2 * 0.9 ** 3)).toBeLessThan(0.15 * 2 * 0.9 ** 3);
    expect(top.z).toBeGreaterThan(5);
  });

  it('grades a stronger departure at a higher level', () => {
    const mild = model.score(
      pumpVectors(
        12,
        4,
        () => 1,
        () => 1.15,
      ),
    );
    const severe = model.score(
      pumpVectors(
        12,
        4,
        () => 1,
        () => 3,
      ),
    );
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(severe.map((s) => s.level))).toBe(4);
    expect(median(severe.map((s) => s.level))).toBeGreaterThan(median(mild.map((s) => s.level)));
  });

  it('serializes to JSON and back with identical scores and thresholds', () => {
    const back = AssetModel.fromState(JSON.parse(JSON.stringify(model.serialize())));
    const probe = pumpVectors(20, 5, stepping, (i) => (i % 2 ? 1.3 : 1));
    expect(back.score(probe)).toEqual(model.score(probe));
    expect(back.thresholds).toEqual(model.thresholds);
    expect(back.sensors().sort()).toEqual(['P.amplitude_1x', 'P.current', 'P.flow', 'P.speed', 'P.temperature']);
  });

  it('refuses too few vectors and an incomplete vector with ML_BAD_INPUT', () => {
    expect(() => AssetModel.fit(train.slice(0, MIN_ASSET_VECTORS - 1))).toThrow(expect.objectContaining({ code: 'ML_BAD_INPUT' }));
    const partial = { windowEnd: 1, sensors: { 'P.speed': { mean: 1480, std: 3 } } };
    expect(model.complete(partial)).toBe(false);
    expect(() => model.score([partial])).toThrow(expect.objectContaining({ code: 'ML_BAD_INPUT' }));
  });
});

describe('assembleVectors', () => {
  it('joins sensors by window end and leaves out the in-between windows of a sliding sensor', () => {
    const windows = [];
    for (let k = 1; k <= 4; k++) {
      for (const sensorId of ['A.temp', 'A.flow', 'A.vib']) windows.push({ sensorId, windowEnd: k * WINDOW, features: { mean: k } });
      windows.push({ sensorId: 'A.vib', windowEnd: k * WINDOW + WINDOW / 2, features: { mean: k } });
    }
    const vectors = assembleVectors(windows);
    expect(vectors.map((v) => v.windowEnd)).toEqual([1, 2, 3, 4].map((k) => k * WINDOW));
    expect(Object.keys(vectors[0]!.sensors).sort()).toEqual(['A.flow', 'A.temp', 'A.vib']);
  });
});
