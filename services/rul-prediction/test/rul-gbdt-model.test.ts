import { describe, expect, it } from 'vitest';
import { GradientBoostedTrees, isMlError, parseCmapss, RulPreprocessor } from '@vigie/ml';
import { fitRulModel, type RulFitParams } from '../src/domain/rul-gbdt-model';
import { RulGbdtPredictor } from '../src/domain/rul-gbdt-predictor';
import { windowFeatures } from '../src/domain/window-features';
import { cmapssText, firstUnits } from './cmapss';

const units = parseCmapss(firstUnits(cmapssText('train_FD001.txt'), 30));
const params: RulFitParams = {
  level: 0.9,
  window: 30,
  cap: 125,
  rounds: 40,
  learningRate: 0.2,
  maxDepth: 4,
  earlyStoppingRounds: 10,
  stride: 3,
  members: 3,
  seed: 4,
};

describe('fitRulModel: a bag of cross-fitted members', () => {
  const rounds: [number, number][] = [];
  const { artifact, metrics } = fitRulModel('FD001', units, params, (round, of) => void rounds.push([round, of]));

  it('fits one member per fold of the training units, none on the calibration units', () => {
    expect(metrics.members).toBe(3);
    expect(artifact.members).toHaveLength(3);
    expect(artifact.model).toBeUndefined();
    const folds = artifact.folds!;
    expect(folds.flat().sort((a, b) => a - b)).toEqual(artifact.units.train);
    expect(folds.map((f) => f.length).sort()).toEqual([8, 8, 8]);
    expect(artifact.units.calibration).toHaveLength(6);
    expect(artifact.units.calibration.some((u) => artifact.units.train.includes(u))).toBe(false);
    expect(artifact.units.validation).toEqual(artifact.units.train);
    expect(metrics.trees).toBe(artifact.members!.reduce((n, m) => n + m.trees.length, 0));
  });

  it('predicts the members’ mean', () => {
    const some = units.slice(0, 4);
    const bag = RulGbdtPredictor.fromArtifact(artifact)
      .predict(some)
      .map((r) => r.rul);
    const pre = RulPreprocessor.fromState(artifact.preprocessor);
    const X = windowFeatures(pre.lastWindows(some));
    const each = artifact.members!.map((m) => GradientBoostedTrees.fromState(m).predict(X));
    bag.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, each.reduce((s, p) => s + p[i]!, 0) / each.length), 9));
  });

  it('scores every training window out of fold: a member that saw the unit would score it far better', () => {
    expect(metrics.valWindows).toBe(
      RulPreprocessor.fromState(artifact.preprocessor).trainingWindows(units.filter((u) => artifact.units.train.includes(u.unit))).count,
    );
    // In-sample, the members fit their own units closely; the reported figure is the held-out one.
    const pre = RulPreprocessor.fromState(artifact.preprocessor);
    const own = pre.trainingWindows(units.filter((u) => !artifact.folds![0]!.includes(u.unit) && artifact.units.train.includes(u.unit)));
    const inSample = GradientBoostedTrees.fromState(artifact.members![0]).predict(windowFeatures(own));
    const rmseIn = Math.sqrt(inSample.reduce((s, v, i) => s + (Math.max(0, v) - own.target[i]!) ** 2, 0) / own.count);
    expect(metrics.valRmse).toBeGreaterThan(rmseIn);
  });

  it('reports the rounds of every member in one progress scale', () => {
    expect(new Set(rounds.map(([, of]) => of))).toEqual(new Set([3 * params.rounds]));
    const seen = rounds.map(([r]) => r);
    expect(seen[0]).toBe(0);
    expect(seen.some((r) => r >= 2 * params.rounds)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]!);
  });

  it('refuses fewer than two members', () => {
    for (const members of [1, 0, 2.5]) {
      let error: unknown;
      try {
        fitRulModel('FD001', units, { ...params, members });
      } catch (e) {
        error = e;
      }
      expect(isMlError(error, 'ML_BAD_INPUT')).toBe(true);
    }
  });
});
