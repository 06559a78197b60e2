import { describe, expect, it } from 'vitest';
import { binMatrix, createRng, fromRows, GradientBoostedTrees, sketchCuts, type GbdtState, type Matrix } from '../src';
import { expectMlError } from './support/expect-error';

/** One-column matrix. */
const column = (values: number[]): Matrix => fromRows(values.map((v) => [v]));
const ys = (values: number[]): Float64Array => Float64Array.from(values);
/** A single tree with η = 1 and no penalty: its leaves are the plain Newton steps, easy to check by hand. */
const stump = { nEstimators: 1, learningRate: 1, maxDepth: 1, lambda: 0, minChildWeight: 0 } as const;

function randomRegression(seed: number, n: number, d: number, noise = 0.1): { X: Matrix; y: Float64Array } {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) data[i * d + j] = rng.uniform(-1, 1);
    y[i] = Math.sin(3 * data[i * d]!) + data[i * d + 1]! * data[i * d + 2]! + noise * rng.uniform(-1, 1);
  }
  return { X: { rows: n, cols: d, data }, y };
}

describe('quantile sketch', () => {
  it('gives each distinct value its own bin when there are at most maxBin, and closes the range past the maximum', () => {
    const X = column([2, 1, 3, 2, NaN]);
    const cuts = sketchCuts(X, 256);
    expect(Array.from(cuts.cuts)).toEqual([2, 3, 3 + 3 + 1e-5]);
    // Slots: bins 0, 1, 2, then the missing slot 3.
    expect(Array.from(binMatrix(X, cuts))).toEqual([1, 0, 2, 1, 3]);
  });

  it('cuts many distinct values into at most maxBin rank-quantile bins of near-equal counts', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i * 0.5);
    const cuts = sketchCuts(column(values), 10);
    expect(cuts.cuts.length).toBeLessThanOrEqual(10);
    const counts = new Array<number>(cuts.cuts.length).fill(0);
    for (const s of binMatrix(column(values), cuts)) counts[s]!++;
    for (const c of counts.slice(0, -1)) expect(Math.abs(c - 111)).toBeLessThanOrEqual(2);
  });
});

describe('GradientBoostedTrees: one tree by hand', () => {
  it('splits where the second-order gain is largest and sets leaves to −G/(H + λ)', () => {
    // Column 0 is noise that also separates rows, but less well than column 1.
    const X = fromRows([
      [0.3, 1],
      [0.1, 2],
      [0.5, 3],
      [0.6, 4],
      [0.2, 5],
      [0.4, 6],
    ]);
    const y = ys([0, 0, 0, 10, 10, 10]);
    const m = new GradientBoostedTrees(stump);
    m.fit(X, y);
    const tree = m.serialize().trees[0]!;
    expect(tree.feature[0]).toBe(1);
    expect(tree.threshold[0]).toBe(4); // x < 4 goes left
    // Base score 5; g = ŷ − y = ±5; GL = 15, GR = −15, H = 3 each: gain 225/3 + 225/3 − 0 = 150.
    expect(tree.gain[0]).toBeCloseTo(150, 12);
    expect(Array.from(m.predict(X))).toEqual([0, 0, 0, 10, 10, 10]);
  });

  it('shrinks leaves by λ and by the learning rate', () => {
    const X = column([1, 2, 3, 4, 5, 6]);
    const y = ys([0, 0, 0, 10, 10, 10]);
    const withLambda = new GradientBoostedTrees({ ...stump, lambda: 3 });
    withLambda.fit(X, y);
    expect(Array.from(withLambda.predict(column([1, 6])))).toEqual([5 - 15 / 6, 5 + 15 / 6]);
    const withEta = new GradientBoostedTrees({ ...stump, learningRate: 0.5 });
    withEta.fit(X, y);
    expect(Array.from(withEta.predict(column([1, 6])))).toEqual([2.5, 7.5]);
  });

  it('prunes a split whose gain is below γ, keeps it above', () => {
    const X = column([1, 2, 3, 4, 5, 6]);
    const y = ys([0, 0, 0, 10, 10, 10]);
    const pruned = new GradientBoostedTrees({ ...stump, gamma: 150.5 });
    pruned.fit(X, y);
    expect(pruned.serialize().trees[0]!.feature).toEqual([-1]);
    expect(Array.from(pruned.predict(X))).toEqual([5, 5, 5, 5, 5, 5]);
    const kept = new GradientBoostedTrees({ ...stump, gamma: 149.5 });
    kept.fit(X, y);
    expect(kept.serialize().trees[0]!.feature[0]).toBe(0);
  });

  it('keeps a weak split above a strong one (γ prunes bottom-up, as xgboost)', () => {
    // Almost XOR: either root split gains 0.25, the splits below it about 50.
    const X = fromRows([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = ys([0, 10, 10, 1]);
    const deep = new GradientBoostedTrees({ ...stump, maxDepth: 2, gamma: 5 });
    deep.fit(X, y);
    const t = deep.serialize().trees[0]!;
    expect(t.feature[0]).toBe(0);
    expect(t.gain[0]).toBeCloseTo(0.25, 12);
    expect(Array.from(deep.predict(X))).toEqual([0, 10, 10, 1]);
    const shallow = new GradientBoostedTrees({ ...stump, maxDepth: 1, gamma: 5 });
    shallow.fit(X, y);
    expect(shallow.serialize().trees[0]!.feature).toEqual([-1]);
  });

  it('refuses children lighter than minChildWeight', () => {
    const X = column([1, 2, 3, 4, 5, 6]);
    const y = ys([0, 0, 0, 0, 0, 10]);
    const free = new GradientBoostedTrees(stump);
    free.fit(X, y);
    expect(free.serialize().trees[0]!.threshold[0]).toBe(6); // isolates the last row
    const heavy = new GradientBoostedTrees({ ...stump, minChildWeight: 2 });
    heavy.fit(X, y);
    expect(heavy.serialize().trees[0]!.threshold[0]).toBe(5); // at least two rows on each side
    const tooHeavy = new GradientBoostedTrees({ ...stump, minChildWeight: 4 });
    tooHeavy.fit(X, y);
    expect(tooHeavy.serialize().trees[0]!.feature).toEqual([-1]);
  });

  it('learns the default direction of missing values from the rows that have them', () => {
    const X = column([NaN, NaN, 1, 2, 3, 4]);
    const right = new GradientBoostedTrees(stump);
    right.fit(X, ys([10, 10, 0, 0, 10, 10]));
    expect(right.serialize().trees[0]!.defaultLeft[0]).toBe(0);
    expect(right.predict(column([NaN]))[0]).toBeCloseTo(10, 12);
    const left = new GradientBoostedTrees(stump);
    left.fit(X, ys([0, 0, 0, 0, 10, 10]));
    expect(left.serialize().trees[0]!.defaultLeft[0]).toBe(1);
    expect(left.predict(column([NaN]))[0]).toBeCloseTo(0, 12);
    // The missing rows belong with neither side: they get their own side of a split only when it pays more.
    const alone = new GradientBoostedTrees(stump);
    alone.fit(column([NaN, NaN, 1, 2, 3, 4]), ys([20, 20, 0, 0, 0, 0]));
    const [missing, present] = alone.predict(column([NaN, 1]));
    expect(missing).toBeCloseTo(20, 12);
    expect(present).toBeCloseTo(0, 12);
    expect(alone.serialize().trees[0]!.threshold[0]).toBe(1); // every non-missing value ≥ the minimum goes right
  });

  it('sends missing values to the heavier child when training saw none', () => {
    const m = new GradientBoostedTrees(stump);
    m.fit(column([1, 2, 3, 4, 5]), ys([0, 0, 0, 10, 10]));
    expect(m.predict(column([NaN]))[0]).toBeCloseTo(0, 12);
  });
});

describe('GradientBoostedTrees: boosting', () => {
  it('gives every leaf −η ΣG/(ΣH + λ) of the training rows it holds (histograms built and subtracted right)', () => {
    // 3,000 rows: the upper levels take the parent-minus-sibling path, the small deep nodes build their own.
    const { X, y } = randomRegression(3, 3000, 4);
    const o = { nEstimators: 1, learningRate: 0.7, maxDepth: 6, lambda: 2, minChildWeight: 3 };
    const m = new GradientBoostedTrees(o);
    m.fit(X, y);
    const mean = y.reduce((a, v) => a + v, 0) / y.length;
    const delta = m.predict(X).map((p) => p - mean);
    const sums = new Map<number, { g: number; h: number }>();
    delta.forEach((leaf, i) => {
      const s = sums.get(leaf) ?? { g: 0, h: 0 };
      s.g += mean - y[i]!;
      s.h += 1;
      sums.set(leaf, s);
    });
    expect(sums.size).toBeGreaterThan(32);
    for (const [leaf, s] of sums) {
      expect(leaf).toBeCloseTo((-o.learningRate * s.g) / (s.h + o.lambda), 9);
      expect(s.h).toBeGreaterThanOrEqual(o.minChildWeight);
    }
  });

  it('fits a smooth function far better than the mean, and better with more trees', () => {
    const train = randomRegression(4, 3000, 6);
    const test = randomRegression(5, 1000, 6);
    const rmse = (m: GradientBoostedTrees): number => {
      const p = m.predict(test.X);
      return Math.sqrt(p.reduce((a, v, i) => a + (v - test.y[i]!) ** 2, 0) / p.length);
    };
    const few = new GradientBoostedTrees({ nEstimators: 5, learningRate: 0.1 });
    few.fit(train.X, train.y);
    const many = new GradientBoostedTrees({ nEstimators: 200, learningRate: 0.1 });
    const report = many.fit(train.X, train.y);
    expect(rmse(many)).toBeLessThan(0.2);
    expect(rmse(many)).toBeLessThan(rmse(few) / 2);
    expect(report.metric).toBe('rmse');
    expect(report.trainLoss[199]).toBeLessThan(report.trainLoss[0]!);
  });

  it('is deterministic for a seed under row and feature subsampling, and changes with the seed', () => {
    const { X, y } = randomRegression(6, 500, 8);
    const run = (seed: number): Float64Array => {
      const m = new GradientBoostedTrees({ nEstimators: 20, subsample: 0.7, colsampleByTree: 0.5, seed });
      m.fit(X, y);
      return m.predict(X);
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });

  it('splits only on the sampled features of each tree', () => {
    const { X, y } = randomRegression(7, 300, 10);
    const m = new GradientBoostedTrees({ nEstimators: 10, colsampleByTree: 0.2, maxDepth: 3 });
    m.fit(X, y);
    for (const t of m.serialize().trees) expect(new Set(t.feature.filter((f) => f >= 0)).size).toBeLessThanOrEqual(2);
  });

  it('stops early on the validation loss and keeps the trees up to the best round', () => {
    const train = randomRegression(8, 300, 5, 1);
    const valid = randomRegression(9, 300, 5, 1);
    const m = new GradientBoostedTrees({ nEstimators: 500, learningRate: 0.3, earlyStoppingRounds: 10 });
    const report = m.fit(train.X, train.y, { validation: valid });
    const best = Math.min(...report.validationLoss);
    expect(report.validationLoss.length).toBe(report.bestIteration + 11);
    expect(report.validationLoss[report.bestIteration]).toBe(best);
    expect(m.treeCount).toBe(report.bestIteration + 1);
    expect(m.treeCount).toBeLessThan(100);
  });

  it('stops when the round hook says so', () => {
    const { X, y } = randomRegression(10, 200, 3);
    const m = new GradientBoostedTrees({ nEstimators: 50 });
    const seen: number[] = [];
    m.fit(X, y, { onRound: (r) => (seen.push(r.round), r.round === 4 ? 'stop' : undefined) });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(m.treeCount).toBe(5);
  });

  it('estimates a quantile with the pinball loss', () => {
    const rng = createRng(13);
    const n = 4000;
    const X = { rows: n, cols: 1, data: new Float64Array(n) };
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      X.data[i] = rng.next();
      y[i] = 10 * X.data[i]! + rng.uniform(-3, 3); // the 0.9-quantile is 10x + 2.4
    }
    const m = new GradientBoostedTrees({ objective: 'quantile', quantileAlpha: 0.9, nEstimators: 50, maxDepth: 3, learningRate: 0.3 });
    const report = m.fit(X, y);
    expect(report.metric).toBe('quantile');
    const p = m.predict(X);
    const below = y.reduce((a, v, i) => a + (v <= p[i]! ? 1 : 0), 0) / n;
    expect(Math.abs(below - 0.9)).toBeLessThan(0.02);
    const mid = m.predict(column([0.5]))[0]!;
    expect(Math.abs(mid - 7.4)).toBeLessThan(0.6);
  });

  it('resists outliers with the pseudo-Huber loss, unlike squared error', () => {
    const rng = createRng(14);
    const n = 1000;
    const X = { rows: n, cols: 1, data: Float64Array.from({ length: n }, () => rng.next()) };
    const y = Float64Array.from({ length: n }, (_, i) => (i % 20 === 0 ? 1000 : X.data[i]!));
    const options = { nEstimators: 100, maxDepth: 2, learningRate: 0.3 };
    const huber = new GradientBoostedTrees({ ...options, objective: 'pseudo-huber', huberSlope: 1 });
    expect(huber.fit(X, y).metric).toBe('mphe');
    const squared = new GradientBoostedTrees(options);
    squared.fit(X, y);
    const at = column([0.25, 0.75]);
    const h = huber.predict(at);
    expect(Math.abs(h[0]! - 0.25)).toBeLessThan(0.3);
    expect(Math.abs(h[1]! - 0.75)).toBeLessThan(0.3);
    expect(squared.predict(at)[0]).toBeGreaterThan(20);
  });

  it('ranks features by total gain', () => {
    const { X, y } = randomRegression(15, 1000, 5);
    const m = new GradientBoostedTrees({ nEstimators: 30 });
    m.fit(X, y);
    const imp = m.featureImportance();
    expect(imp[0]).toBeGreaterThan(imp[3]! * 5);
    expect(imp[0]).toBeGreaterThan(imp[4]! * 5);
  });
});

describe('GradientBoostedTrees: state and errors', () => {
  it('round-trips through JSON with bit-identical predictions, NaN included', () => {
    const { X, y } = randomRegression(16, 400, 4);
    for (let i = 0; i < 400; i += 7) X.data[i * 4 + 1] = NaN;
    const m = new GradientBoostedTrees({ nEstimators: 15, subsample: 0.8, objective: 'pseudo-huber', seed: 3 });
    m.fit(X, y);
    const state = JSON.parse(JSON.stringify(m.serialize())) as GbdtState;
    const back = GradientBoostedTrees.fromState(state);
    expect(back.predict(X)).toEqual(m.predict(X));
    expect(back.options).toEqual(m.options);
    expect(back.serialize()).toEqual(state);
  });

  it('refuses malformed states with ML_BAD_STATE', () => {
    const m = new GradientBoostedTrees({ nEstimators: 2, maxDepth: 2 });
    m.fit(column([1, 2, 3, 4]), ys([1, 2, 3, 4]));
    const state = m.serialize();
    expectMlError(() => GradientBoostedTrees.fromState({ ...state, kind: 'iforest' }), 'ML_BAD_STATE');
    expectMlError(() => GradientBoostedTrees.fromState({ ...state, version: 2 }), 'ML_BAD_STATE');
    expectMlError(() => GradientBoostedTrees.fromState({ ...state, trees: [] }), 'ML_BAD_STATE');
    expectMlError(() => GradientBoostedTrees.fromState({ ...state, options: { ...state.options, maxDepth: 0 } }), 'ML_BAD_STATE');
    const tree = state.trees[0]!;
    const loop = { ...tree, left: tree.left.map((c) => (c > 0 ? 0 : c)) };
    expectMlError(() => GradientBoostedTrees.fromState({ ...state, trees: [loop] }), 'ML_BAD_STATE');
    expectMlError(
      () => GradientBoostedTrees.fromState({ ...state, trees: [{ ...tree, feature: tree.feature.map(() => 5) }] }),
      'ML_BAD_STATE',
    );
    expectMlError(() => GradientBoostedTrees.fromState({ ...state, trees: [{ ...tree, value: tree.value.slice(1) }] }), 'ML_BAD_STATE');
  });

  it('fails with stable codes on bad input and before fit', () => {
    expectMlError(() => new GradientBoostedTrees().predict(column([1])), 'ML_NOT_FITTED');
    expectMlError(() => new GradientBoostedTrees({ learningRate: 0 }), 'ML_BAD_INPUT');
    expectMlError(() => new GradientBoostedTrees({ maxBin: 1 }), 'ML_BAD_INPUT');
    expectMlError(() => new GradientBoostedTrees({ subsample: 1.5 }), 'ML_BAD_INPUT');
    expectMlError(() => new GradientBoostedTrees({ quantileAlpha: 1 }), 'ML_BAD_INPUT');
    expectMlError(() => new GradientBoostedTrees({ objective: 'poisson' as never }), 'ML_BAD_INPUT');
    const m = new GradientBoostedTrees({ nEstimators: 2 });
    expectMlError(() => m.fit(column([1, Infinity]), ys([1, 2])), 'ML_BAD_INPUT');
    expectMlError(() => m.fit(column([1, 2]), ys([1])), 'ML_BAD_INPUT');
    expectMlError(() => m.fit(column([1, 2]), ys([1, NaN])), 'ML_BAD_INPUT');
    expectMlError(() => m.fit({ rows: 0, cols: 1, data: new Float64Array(0) }, ys([])), 'ML_BAD_INPUT');
    expectMlError(() => new GradientBoostedTrees({ earlyStoppingRounds: 3 }).fit(column([1, 2]), ys([1, 2])), 'ML_BAD_INPUT');
    m.fit(column([1, 2, 3]), ys([1, 2, 3]));
    expectMlError(() => m.predict(fromRows([[1, 2]])), 'ML_BAD_INPUT');
    expectMlError(() => m.predict(column([-Infinity])), 'ML_BAD_INPUT');
    expectMlError(() => m.fit(column([1, 2]), ys([1, 2]), { validation: { X: fromRows([[1, 2]]), y: ys([1]) } }), 'ML_BAD_INPUT');
  });
});
