import { describe, expect, it } from 'vitest';
import { deserializeDetector, Ecod, IsolationForest, Pca, type Detector } from '../src';
import { gaussianWithOutliers } from './support/datasets';
import { expectMlError } from './support/expect-error';

describe('deserializeDetector', () => {
  const { train, test } = gaussianWithOutliers(20);
  const detectors: Detector[] = [new Ecod(), new Pca({ nComponents: 3 }), new IsolationForest({ nEstimators: 25, seed: 9 })];
  for (const d of detectors) d.fit(train);

  it.each(detectors.map((d) => [d.kind, d] as const))('restores %s from its JSON state with bit-identical scores', (kind, d) => {
    const state = d.serialize();
    expect(state.kind).toBe(kind);
    expect(state.version).toBe(1);
    const back = deserializeDetector(JSON.parse(JSON.stringify(state)));
    expect(back.kind).toBe(kind);
    expect(back.score(test)).toEqual(d.score(test));
    expect(back.serialize()).toEqual(state);
  });

  it('rejects unknown kinds and non-objects with ML_BAD_STATE', () => {
    expectMlError(() => deserializeDetector({ kind: 'nope', version: 1 }), 'ML_BAD_STATE');
    expectMlError(() => deserializeDetector({ kind: 'toString', version: 1 }), 'ML_BAD_STATE');
    expectMlError(() => deserializeDetector(null), 'ML_BAD_STATE');
    expectMlError(() => deserializeDetector('ecod'), 'ML_BAD_STATE');
    expectMlError(() => deserializeDetector({ kind: 'pca', version: 1 }), 'ML_BAD_STATE');
  });
});
