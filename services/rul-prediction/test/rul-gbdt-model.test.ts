import { describe, expect, it } from 'vitest';
import { conformalQuantile, GradientBoostedTrees, historyFeatures, isMlError, parseCmapss, RulPreprocessor, unitPrefix } from '@vigie/ml';
import { fitRulModel, type RulFitParams } from '../src/domain/rul-gbdt-model';
import { RulGbdtPredictor } from '../src/domain/rul-gbdt-predictor';
import { trainingRows, windowFeatures } from '../src/domain/window-features';
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
    const X = historyFeatures(pre.transform(some), 'last', { long: params.window });
    const each = artifact.members!.map((m) => GradientBoostedTrees.fromState(m).predict(X));
    bag.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, each.reduce((s, p) => s + p[i]!, 0) / each.length), 9));
  });

  it('scores every cycle of the training units out of fold: a member that saw the unit would score it far better', () => {
    const train = units.filter((u) => artifact.units.train.includes(u.unit));
    expect(metrics.valWindows).toBe(train.reduce((n, u) => n + u.cycles.length, 0));
    // In-sample, the members fit their own units closely; the reported figure is the held-out one.
    const pre = RulPreprocessor.fromState(artifact.preprocessor);
    const own = trainingRows(
      pre,
      train.filter((u) => !artifact.folds![0]!.includes(u.unit)),
      'history',
      true,
    );
    const inSample = GradientBoostedTrees.fromState(artifact.members![0]).predict(own.X);
    const rmseIn = Math.sqrt(inSample.reduce((s, v, i) => s + (Math.max(0, v) - own.y[i]!) ** 2, 0) / own.y.length);
    expect(metrics.valRmse).toBeGreaterThan(rmseIn);
  });

  it('calibrates its intervals on every unit: the calibration units with the bag, the training units out of fold', () => {
    expect(metrics.calibrationWindows).toBe(units.reduce((n, u) => n + u.cycles.length, 0));
    // The quantile is not the calibration units' own: with the bag's prediction and the artifact's σ̂, their scores
    // alone set another one.
    const pre = RulPreprocessor.fromState(artifact.preprocessor);
    const cal = trainingRows(
      pre,
      units.filter((u) => artifact.units.calibration.includes(u.unit)),
      'history',
      true,
    );
    const members = artifact.members!.map((m) => GradientBoostedTrees.fromState(m));
    const difficulty = GradientBoostedTrees.fromState(artifact.difficulty).predict(cal.X);
    const scores = Array.from(cal.y, (y, i) => {
      const bag = Math.max(
        0,
        members.reduce(
          (s, m) => s + m.predict({ rows: 1, cols: cal.X.cols, data: cal.X.data.subarray(i * cal.X.cols, (i + 1) * cal.X.cols) })[0]!,
          0,
        ) / members.length,
      );
      return Math.abs(y - bag) / Math.max(1, difficulty[i]!);
    });
    expect(Math.abs(conformalQuantile(scores, params.level) - artifact.conformal.quantile)).toBeGreaterThan(1e-6);
    expect(metrics.heldOutCoverage).toBeGreaterThan(0.5);
    expect(metrics.heldOutCoverage).toBeLessThanOrEqual(1);
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

describe('fitRulModel: rows of C-MAPSS histories', () => {
  const { artifact } = fitRulModel('FD001', units, params);
  const pre = RulPreprocessor.fromState(artifact.preprocessor);

  it('reads each sensor’s last value, means, slope and drift from the unit’s first cycles, and the cycle count', () => {
    expect(artifact.featureSet).toBe('history');
    expect(artifact.features).toHaveLength(5 * pre.features.length + 1);
    expect(artifact.features.slice(0, 5)).toEqual(['s2:last', 's2:meanShort', 's2:meanLong', 's2:slopeLong', 's2:drift']);
    expect(artifact.features.at(-1)).toBe('cycle');
  });

  it('keeps one training row every `stride` cycles back from each unit’s end, with its capped target and unit', () => {
    const some = units.slice(0, 2);
    const all = trainingRows(pre, some, 'history', true);
    const strided = trainingRows(pre, some, 'history', true, 3);
    const kept = some.flatMap((u, k) =>
      Array.from(u.cycles.keys())
        .filter((t) => (u.cycles.length - 1 - t) % 3 === 0)
        .map((t) => (k === 0 ? 0 : some[0]!.cycles.length) + t),
    );
    expect(strided.X.rows).toBe(kept.length);
    expect(Array.from(strided.y)).toEqual(kept.map((r) => all.y[r]));
    expect(Array.from(strided.unit)).toEqual(kept.map((r) => all.unit[r]));
    expect(Array.from(strided.X.data.subarray(0, all.X.cols))).toEqual(
      Array.from(all.X.data.subarray(kept[0]! * all.X.cols, (kept[0]! + 1) * all.X.cols)),
    );
    // Each unit's last cycle (RUL 0) is a row.
    expect(strided.y.filter((v) => v === 0)).toHaveLength(2);
  });

  it('predicts a unit seen for fewer cycles than the window from its own rows, nothing padded', () => {
    const young = {
      ...units[0]!,
      cycles: units[0]!.cycles.slice(0, 10),
      settings: slice(units[0]!.settings, 10),
      sensors: slice(units[0]!.sensors, 10),
    };
    const [r] = RulGbdtPredictor.fromArtifact(artifact).predict([young]);
    const X = historyFeatures(pre.transform([young]), 'last', { long: params.window });
    const mean = artifact.members!.reduce((s, m) => s + GradientBoostedTrees.fromState(m).predict(X)[0]!, 0) / artifact.members!.length;
    expect(r!.rul).toBeCloseTo(Math.max(0, mean), 9);
    expect(X.data[X.cols - 1]).toBe(10);
  });

  it('opens the interval above where it reaches the cap: it then holds the true RUL exactly when it holds the capped one', () => {
    const predictor = RulGbdtPredictor.fromArtifact(artifact);
    // Every unit cut at 10 points of its life: true RUL known, from deep in the degradation to healthy (RUL > 125).
    const cuts = units.flatMap((u) =>
      Array.from({ length: 10 }, (_, k) => {
        const drop = Math.floor(((k + 0.5) / 10) * (u.cycles.length - 1));
        return { unit: unitPrefix(u, drop), rul: u.cycles.at(-1)! - u.cycles.at(-1 - drop)! };
      }),
    );
    const got = predictor.predict(cuts.map((c) => c.unit));
    got.forEach((r) => expect(r.upperUnbounded).toBe(r.upper >= params.cap));
    expect(got.some((r) => r.upperUnbounded) && got.some((r) => !r.upperUnbounded)).toBe(true);
    const inCapped = got.map((r, i) => Math.min(cuts[i]!.rul, params.cap) >= r.lower && Math.min(cuts[i]!.rul, params.cap) <= r.upper);
    const inTrue = got.map((r, i) => cuts[i]!.rul >= r.lower && (r.upperUnbounded || cuts[i]!.rul <= r.upper));
    expect(inTrue).toEqual(inCapped);
    // Closed at `upper`, healthy units would fall outside: the open bound is what covers them.
    const closed = got.filter((r, i) => cuts[i]!.rul >= r.lower && cuts[i]!.rul <= r.upper).length;
    expect(closed).toBeLessThan(inTrue.filter(Boolean).length);
  });

  it('serves an artifact written before feature sets with window features; refuses an unknown set', () => {
    const windows = pre.trainingWindows(units.slice(0, 10), 5);
    const X = windowFeatures(windows);
    const [member, difficulty] = [1, 2].map((seed) => {
      const m = new GradientBoostedTrees({ nEstimators: 10, maxDepth: 3, seed });
      m.fit(X, windows.target);
      return m;
    });
    const { featureSet: _set, ...rest } = artifact;
    const legacy = { ...rest, members: [member!.serialize()], difficulty: difficulty!.serialize() };
    const some = units.slice(0, 3);
    const expected = member!.predict(windowFeatures(pre.lastWindows(some)));
    RulGbdtPredictor.fromArtifact(legacy)
      .predict(some)
      .forEach((r, i) => expect(r.rul).toBeCloseTo(Math.max(0, expected[i]!), 9));
    let error: unknown;
    try {
      RulGbdtPredictor.fromArtifact({ ...artifact, featureSet: 'spectral' });
    } catch (e) {
      error = e;
    }
    expect(isMlError(error, 'ML_BAD_STATE')).toBe(true);
  });
});

function slice(m: { rows: number; cols: number; data: Float64Array }, rows: number) {
  return { rows, cols: m.cols, data: m.data.slice(0, rows * m.cols) };
}
