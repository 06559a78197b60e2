import { describe, expect, it } from 'vitest';
import { deserializeDetector, fromRows, isMlError, OneClassSvm, type Matrix, type MlErrorCode, type OcsvmOptions } from '../src';
import { numpyVariance, resolveGamma } from '../src/svm/gamma';
import { initialAlpha, trainOneClass } from '../src/svm/one-class';
import { gaussianMatrix } from './support/ocsvm-data';

// Properties of the ν-one-class SVM that hold whatever the reference: ν-property, KKT conditions at the solution,
// outliers outside the support, exact serialization, determinism, and input validation with stable codes.

function fitted(X: Matrix, options: OcsvmOptions = {}): OneClassSvm {
  const m = new OneClassSvm(options);
  m.fit(X);
  return m;
}

function expectCode(fn: () => unknown, code: MlErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(isMlError(caught, code), `expected ${code}, got ${String(caught)}`).toBe(true);
}

describe('OneClassSvm', () => {
  const X = gaussianMatrix(1, 400, 3);

  it('puts planted outliers outside the support (negative decision, positive score) and the centre inside', () => {
    // A kernel wider than the blob (gamma 0.1 < 'scale' = 1/3): with a narrow kernel and small ν the RBF support can be
    // hollow, leaving the very centre slightly outside (scikit-learn gives the same values).
    const m = fitted(X, { nu: 0.1, gamma: 0.1 });
    const probes = fromRows([
      [0, 0, 0],
      [0.2, -0.1, 0.1],
      [8, 0, 0],
      [-6, 6, 0],
      [0, 0, -9],
    ]);
    const dec = m.decisionFunction(probes);
    expect(dec[0]).toBeGreaterThan(0);
    expect(dec[1]).toBeGreaterThan(0);
    for (const k of [2, 3, 4]) expect(dec[k]).toBeLessThan(0);
    expect(Array.from(m.score(probes))).toEqual(Array.from(dec, (v) => -v));
  });

  it.each([0.02, 0.05, 0.1, 0.3, 0.5, 0.9])('ν = %s bounds the fraction of outliers and of support vectors (ν-property)', (nu) => {
    const m = fitted(X, { nu });
    const { dualCoef, supportIndices } = m.fitResult;
    const l = X.rows;
    const sum = dualCoef.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(nu * l, 9);
    expect(dualCoef.every((a) => a > 0 && a <= 1)).toBe(true);
    const bounded = dualCoef.filter((a) => a === 1).length;
    expect(bounded / l).toBeLessThanOrEqual(nu);
    expect(supportIndices.length / l).toBeGreaterThanOrEqual(nu);
    const negative = m.decisionFunction(X).filter((v) => v < 0).length / l;
    expect(Math.abs(negative - nu)).toBeLessThanOrEqual(0.02);
  });

  it.each(['rbf', 'linear', 'poly', 'sigmoid'] as const)('satisfies the KKT conditions to tol with the %s kernel', (kernel) => {
    const data = kernel === 'rbf' ? X : gaussianMatrix(2, 300, 3, 4, 1); // away from the origin, so w ≠ 0
    const tol = 1e-3;
    const nu = 0.2;
    const m = fitted(data, { kernel, nu, tol, gamma: kernel === 'sigmoid' ? 0.01 : 'scale' });
    const dec = m.decisionFunction(data);
    const alpha = new Float64Array(data.rows);
    m.fitResult.supportIndices.forEach((row, k) => (alpha[row] = m.fitResult.dualCoef[k]!));
    // Training used float32 kernel entries (as libsvm); decisionFunction uses double ones: allow that rounding.
    const slack = tol + nu * data.rows * 2e-7 * Math.max(1, ...Array.from(dec, Math.abs));
    for (let i = 0; i < data.rows; i++) {
      if (alpha[i] === 0) expect(dec[i]).toBeGreaterThanOrEqual(-slack);
      else if (alpha[i] === 1) expect(dec[i]).toBeLessThanOrEqual(slack);
      else expect(Math.abs(dec[i]!)).toBeLessThanOrEqual(slack);
    }
  });

  it('gives the same solution with and without shrinking (tight tol) and whatever the cache size (bit for bit)', () => {
    const data = gaussianMatrix(3, 1200, 4);
    const probes = gaussianMatrix(4, 50, 4, 0, 2);
    const tight = fitted(data, { nu: 0.1, tol: 1e-9 }).decisionFunction(probes);
    const noShrink = fitted(data, { nu: 0.1, tol: 1e-9, shrinking: false }).decisionFunction(probes);
    for (let i = 0; i < probes.rows; i++) expect(Math.abs(tight[i]! - noShrink[i]!)).toBeLessThan(1e-6);
    const big = fitted(data, { nu: 0.1 });
    const tiny = fitted(data, { nu: 0.1, cacheMb: 0.02 }); // 4 rows of 4.8 kB: rows are evicted and recomputed
    expect(tiny.fitResult.nIter).toBe(big.fitResult.nIter);
    const params = { kernel: 'rbf', gamma: big.fitResult.params.gamma, degree: 3, coef0: 0 } as const;
    const train = (cacheBytes: number) =>
      trainOneClass(data.data, data.rows, 4, params, { nu: 0.1, eps: 1e-3, shrinking: true, maxIter: Infinity, cacheBytes });
    expect(train(0.02 * 2 ** 20).kernelRows).toBeGreaterThan(train(200 * 2 ** 20).kernelRows); // rows were recomputed
    expect(Array.from(tiny.decisionFunction(probes))).toEqual(Array.from(big.decisionFunction(probes)));
  });

  it('starts from libsvm’s feasible point: ⌊ν·l⌋ ones, then the fractional rest', () => {
    expect(Array.from(initialAlpha(10, 0.25))).toEqual([1, 1, 0.5, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(initialAlpha(3, 1))).toEqual([1, 1, 1]);
    expect(initialAlpha(7, 0.1)[0]).toBeCloseTo(0.7, 15);
  });

  it('resolves gamma as scikit-learn: scale = 1/(d·var), auto = 1/d, 1 for constant data', () => {
    const data = gaussianMatrix(5, 100, 4, 3, 2);
    let mean = 0;
    data.data.forEach((v) => (mean += v));
    mean /= data.data.length;
    let v = 0;
    data.data.forEach((x) => (v += (x - mean) ** 2));
    v /= data.data.length;
    expect(numpyVariance(data.data)).toBeCloseTo(v, 12);
    expect(resolveGamma('scale', data.data, 4)).toBeCloseTo(1 / (4 * v), 12);
    expect(resolveGamma('auto', data.data, 4)).toBe(0.25);
    expect(resolveGamma(0.7, data.data, 4)).toBe(0.7);
    expect(resolveGamma('scale', new Float64Array(8).fill(3), 2)).toBe(1);
  });

  it('fits constant data and a single row without failing (every point on the boundary)', () => {
    const constant = fitted(fromRows(Array.from({ length: 20 }, () => [1, 2])), { nu: 0.5 });
    expect(Array.from(constant.decisionFunction(fromRows([[1, 2]])))).toEqual([0]);
    const one = fitted(fromRows([[1, 2, 3]]), { nu: 0.3 });
    expect(one.decisionFunction(fromRows([[1, 2, 3]]))[0]).toBeCloseTo(0, 12);
  });

  it('is deterministic and survives serialize → JSON → deserializeDetector with identical scores', () => {
    const probes = gaussianMatrix(6, 30, 3, 0, 3);
    for (const options of [
      { nu: 0.1 },
      { kernel: 'poly', degree: 2, coef0: 1, gamma: 'auto' },
      { kernel: 'linear', maxIter: 5 },
    ] as OcsvmOptions[]) {
      const a = fitted(X, options);
      const b = fitted(X, options);
      expect(b.serialize()).toEqual(a.serialize());
      const state = JSON.parse(JSON.stringify(a.serialize()));
      expect(state.kind).toBe('ocsvm');
      expect(state.version).toBe(1);
      const back = deserializeDetector(state);
      expect(back).toBeInstanceOf(OneClassSvm);
      expect(Array.from(back.score(probes))).toEqual(Array.from(a.score(probes)));
      expect(back.serialize()).toEqual(a.serialize());
    }
  });

  it('stops at maxIter', () => {
    expect(fitted(X, { nu: 0.2, maxIter: 3 }).fitResult.nIter).toBe(3);
  });

  it('fails with ML_NOT_FITTED before fit', () => {
    const m = new OneClassSvm();
    expectCode(() => m.score(X), 'ML_NOT_FITTED');
    expectCode(() => m.decisionFunction(X), 'ML_NOT_FITTED');
    expectCode(() => m.serialize(), 'ML_NOT_FITTED');
  });

  it('fails with ML_BAD_INPUT on bad matrices and out-of-range options', () => {
    const m = fitted(X);
    expectCode(() => m.score(gaussianMatrix(1, 5, 4)), 'ML_BAD_INPUT');
    expectCode(() => new OneClassSvm().fit({ rows: 0, cols: 3, data: new Float64Array(0) }), 'ML_BAD_INPUT');
    expectCode(() => new OneClassSvm().fit(fromRows([[1, NaN]])), 'ML_BAD_INPUT');
    expectCode(() => m.score(fromRows([[1, 2, Infinity]])), 'ML_BAD_INPUT');
    const bad: OcsvmOptions[] = [
      { nu: 0 },
      { nu: 1.5 },
      { tol: 0 },
      { gamma: -1 },
      { gamma: 'big' as never },
      { kernel: 'laplace' as never },
      { degree: 2.5 },
      { coef0: NaN },
      { cacheMb: 0 },
      { maxIter: 0 },
    ];
    for (const options of bad) expectCode(() => new OneClassSvm(options), 'ML_BAD_INPUT');
  });

  it('fails with ML_BAD_STATE on a foreign, outdated or inconsistent state', () => {
    const state = fitted(X, { nu: 0.1 }).serialize();
    const broken: unknown[] = [
      { ...state, version: 2 },
      { ...state, kind: 'svm' },
      { ...state, dualCoef: state.dualCoef.slice(1) },
      { ...state, supportVectors: state.supportVectors.slice(1) },
      { ...state, rho: 'x' },
      { ...state, options: { ...state.options, nu: 2 } },
      { ...state, options: null },
      { ...state, cols: 0 },
      null,
    ];
    for (const s of broken) expectCode(() => OneClassSvm.fromState(s), 'ML_BAD_STATE');
  });
});
