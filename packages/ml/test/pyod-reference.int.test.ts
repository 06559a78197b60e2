import { beforeAll, describe, expect, it } from 'vitest';
import { Ecod, IsolationForest, Pca, toRows, type PcaOptions } from '../src';
import { correlated, discreteWithConstant, gaussianWithOutliers, skab, type LabelledSet } from './support/datasets';
import { runPythonFixture } from './support/python';

// ECOD and PCA scores vs PyOD's on the same data, to relative 1e-6; Isolation Forest ROC AUC within 0.02 of PyOD's.
// Closeness: |ours − ref| ≤ 1e-6·max(|ref|, 1e-9·S), S the largest |value| of the compared array.
const REL = 1e-6;
const AUC_TOLERANCE = 0.02;
// One forest's AUC varies by ~0.03 with its seed: compare means over 10 seeds on each side.
const IFOREST_SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

interface PcaReference {
  train: number[];
  test: number[];
  t2: number[];
  spe: number[];
  explained_variance: number[];
  n_components: number;
  solver: string;
}
interface Reference {
  versions: Record<string, string>;
  results: Record<
    string,
    { ecod?: { train: number[]; test: number[] }; pca?: PcaReference[]; iforest?: { pyod_auc: number[]; ours_auc: number[] } }
  >;
}

const PCA_OPTIONS: { ours: PcaOptions; pyod: Record<string, unknown> }[] = [
  { ours: {}, pyod: {} },
  { ours: { nComponents: 3, nSelectedComponents: 2 }, pyod: { n_components: 3, n_selected_components: 2 } },
  { ours: { nComponents: 0.9 }, pyod: { n_components: 0.9 } },
  { ours: { weighted: false }, pyod: { weighted: false } },
  { ours: { standardization: false, nComponents: 4 }, pyod: { standardization: false, n_components: 4 } },
];

// `pca: false` where PyOD's PCA is undefined (a zero-variance component makes its weighted score infinite).
const SETS: Record<string, { make: () => LabelledSet; pca: boolean }> = {
  'gaussian-outliers': { make: () => gaussianWithOutliers(11), pca: true },
  'gaussian-large': { make: () => gaussianWithOutliers(12, 3000, 1000, 8, 0.03), pca: true },
  'gaussian-few-rows': { make: () => gaussianWithOutliers(13, 60, 40, 8), pca: true }, // rows < 10·cols: scikit-learn's 'full' SVD
  correlated: { make: () => correlated(21), pca: true },
  'discrete-constant': { make: () => discreteWithConstant(31), pca: false }, // ECDF ties, zero skewness
  'skab-valve1-1': { make: () => skab('valve1/1.csv'), pca: true },
  'skab-valve1-7': { make: () => skab('valve1/7.csv'), pca: true },
};
// Isolation Forest on the labelled sets where a ranking is meaningful (SKAB: the official split of one experiment).
const IFOREST_SETS = ['gaussian-outliers', 'correlated', 'skab-valve1-1', 'skab-valve1-7'];

function iforestScores(set: LabelledSet): number[][] {
  return IFOREST_SEEDS.map((seed) => {
    const f = new IsolationForest({ seed: seed + 100 });
    f.fit(set.train);
    return Array.from(f.score(set.test));
  });
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i]! - expected[i]!);
    const tol = REL * Math.max(Math.abs(expected[i]!), 1e-9 * scale);
    expect(err, `${what}[${i}]: ours ${actual[i]} vs PyOD ${expected[i]}`).toBeLessThanOrEqual(tol);
    worst = Math.max(worst, err / Math.max(Math.abs(expected[i]!), 1e-300));
  }
  measured.set(what, worst);
}

const measured = new Map<string, number>();
const data = Object.fromEntries(Object.entries(SETS).map(([id, { make }]) => [id, make()]));
let ref: Reference;
let oursIforest: Record<string, number[][]>;

beforeAll(() => {
  oursIforest = Object.fromEntries(IFOREST_SETS.map((id) => [id, iforestScores(data[id]!)]));
  const cases = Object.entries(data).map(([id, set]) => ({
    id,
    train: toRows(set.train),
    test: toRows(set.test),
    ecod: true,
    pca: SETS[id]!.pca ? PCA_OPTIONS.map((o) => o.pyod) : [],
    ...(IFOREST_SETS.includes(id) ? { iforest: { labels: set.labels, seeds: IFOREST_SEEDS, ours: oursIforest[id] } } : {}),
  }));
  ref = runPythonFixture<Reference>('pyod_reference.py', { cases });
});

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.each(Object.keys(SETS))('ECOD on %s', (id) => {
  it('training and test scores equal PyOD ECOD (decision_scores_, decision_function on train + test)', () => {
    const r = ref.results[id]!.ecod!;
    const ecod = new Ecod();
    ecod.fit(data[id]!.train);
    expectClose(ecod.trainingScores(), r.train, `${id} ecod train`);
    expectClose(ecod.score(data[id]!.test), r.test, `${id} ecod test`);
  });
});

describe.each(Object.keys(SETS).filter((id) => SETS[id]!.pca))('PCA on %s', (id) => {
  it.each(PCA_OPTIONS.map((o, i) => [i, JSON.stringify(o.ours)] as const))(
    'options %i %s: scores, T² and SPE equal PyOD/scikit-learn',
    (i) => {
      const set = data[id]!;
      const r = ref.results[id]!.pca![i]!;
      const pca = new Pca(PCA_OPTIONS[i]!.ours);
      pca.fit(set.train);
      const what = `${id} pca#${i} (${r.solver})`;
      expect(pca.fittedModel.explainedVariance.length, `${what} n_components`).toBe(r.n_components);
      expectClose(pca.fittedModel.explainedVariance, r.explained_variance, `${what} explained variance`);
      expectClose(pca.score(set.train), r.train, `${what} train`);
      expectClose(pca.score(set.test), r.test, `${what} test`);
      const { t2, spe } = pca.statistics(set.test);
      expectClose(t2, r.t2, `${what} T²`);
      if (r.n_components < set.train.cols) expectClose(spe, r.spe, `${what} SPE`);
      else for (const q of spe) expect(q).toBeLessThan(1e-12 * Math.max(...r.spe.map(Math.abs), 1)); // all components kept: no residual
    },
  );
});

describe.each(IFOREST_SETS)('Isolation Forest on %s', (id) => {
  it(`mean ROC AUC over ${IFOREST_SEEDS.length} seeds is within ${AUC_TOLERANCE} of PyOD IForest's`, () => {
    const r = ref.results[id]!.iforest!;
    const ours = mean(r.ours_auc);
    const pyod = mean(r.pyod_auc);
    measured.set(`${id} iforest auc ours/pyod`, ours - pyod);
    console.info(
      `${id}: IForest ROC AUC ours ${ours.toFixed(4)} [${r.ours_auc.map((a) => a.toFixed(3)).join(' ')}] PyOD ${pyod.toFixed(4)} [${r.pyod_auc.map((a) => a.toFixed(3)).join(' ')}]`,
    );
    expect(Math.abs(ours - pyod)).toBeLessThanOrEqual(AUC_TOLERANCE);
  });
});

describe('reference', () => {
  it('ran against the pinned PyOD', () => {
    expect(ref.versions['pyod']).toBe('3.6.7');
    console.info(`PyOD ${ref.versions['pyod']}, scikit-learn ${ref.versions['sklearn']}, numpy ${ref.versions['numpy']}`);
    console.info([...measured].map(([k, v]) => `${k}: ${v.toExponential(2)}`).join('\n'));
  });
});
