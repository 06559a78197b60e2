import { beforeAll, describe, expect, it } from 'vitest';
import { OneClassSvm, toRows, vstack, type Matrix, type OcsvmOptions } from '../src';
import { gaussianMatrix, skabSensors, standardize } from './support/ocsvm-data';
import { runPythonFixture } from './support/python';

// OneClassSvm.decisionFunction vs scikit-learn's OneClassSVM (libsvm) on the same data with the same tol.
// Closeness is ABSOLUTE: |ours − sklearn| ≤ 1e-4 for every decision value (training and new rows), for ρ (offset_)
// and for every dual coefficient αᵢ (0 where one side has no support vector). The solver follows libsvm's path
// (same working sets, float32 kernel cache, shrinking), so the differences seen are rounding-level (~1e-13).
const ABS = 1e-4;

interface Case {
  id: string;
  X: Matrix;
  Y: Matrix;
  options: Required<Pick<OcsvmOptions, 'kernel' | 'gamma' | 'nu' | 'tol'>> & OcsvmOptions;
}
interface Reference {
  gamma: number;
  offset: number;
  n_iter: number;
  support: number[];
  dual_coef: number[];
  decision_train: number[];
  decision_test: number[];
}

function gaussianCase(id: string, seed: number, n: number, d: number, options: Case['options'], mean = 0): Case {
  return { id, X: gaussianMatrix(seed, n, d, mean, 1), Y: gaussianMatrix(seed + 1000, 100, d, mean, 2.5), options };
}

/** A blob with every 20th row replaced by a draw of N(0, 6²): contaminated training data, as in practice. */
function contaminatedCase(id: string, seed: number, n: number, d: number, options: Case['options']): Case {
  const c = gaussianCase(id, seed, n, d, options);
  const noise = gaussianMatrix(seed + 1, n, d);
  for (let i = 0; i < n; i += 20) for (let j = 0; j < d; j++) c.X.data[i * d + j] = 6 * noise.data[i * d + j]!;
  return c;
}

function skabCases(): Case[] {
  // SKAB protocol: the first 400 rows of an experiment are the (normal) training part, the rest is scored.
  const valve = skabSensors('valve1/0.csv');
  const train = skabSensors('valve1/0.csv', 0, 400);
  const free = skabSensors('anomaly-free/anomaly-free.csv', 0, 2000);
  const valve3 = skabSensors('valve1/3.csv');
  return [
    {
      id: 'skab-valve1-0-scale',
      X: standardize(train, train),
      Y: standardize(valve, train),
      options: { kernel: 'rbf', gamma: 'scale', nu: 0.05, tol: 1e-3 },
    },
    {
      id: 'skab-valve1-0-auto',
      X: standardize(train, train),
      Y: standardize(valve, train),
      options: { kernel: 'rbf', gamma: 'auto', nu: 0.1, tol: 1e-3 },
    },
    {
      id: 'skab-free-2000',
      X: standardize(free, free),
      Y: standardize(valve3, free),
      options: { kernel: 'rbf', gamma: 'scale', nu: 0.01, tol: 1e-3 },
    },
  ];
}

const rbf = (gamma: Case['options']['gamma'], nu: number, tol = 1e-3): Case['options'] => ({ kernel: 'rbf', gamma, nu, tol });

function cases(): Case[] {
  return [
    gaussianCase('rbf-scale-n50-d2', 11, 50, 2, rbf('scale', 0.5)),
    gaussianCase('rbf-scale-n200-d5', 12, 200, 5, rbf('scale', 0.1)),
    gaussianCase('rbf-scale-n1000-d20', 13, 1000, 20, rbf('scale', 0.2)),
    gaussianCase('rbf-scale-n2000-d8', 14, 2000, 8, rbf('scale', 0.01)),
    gaussianCase('rbf-auto-n300-d10', 15, 300, 10, rbf('auto', 0.05)),
    gaussianCase('rbf-auto-n800-d3', 16, 800, 3, rbf('auto', 0.9)),
    gaussianCase('rbf-0.05-n500-d10', 17, 500, 10, rbf(0.05, 0.05)),
    gaussianCase('rbf-2-n150-d2', 18, 150, 2, rbf(2, 0.3)),
    gaussianCase('rbf-tol1e-6-n1000-d6', 19, 1000, 6, rbf('scale', 0.1, 1e-6)),
    gaussianCase('rbf-noshrink-n500-d4', 20, 500, 4, { ...rbf('scale', 0.2), shrinking: false }),
    contaminatedCase('rbf-contaminated-n600-d6', 21, 600, 6, rbf('scale', 0.05)),
    gaussianCase('linear-n300-d4', 22, 300, 4, { kernel: 'linear', gamma: 'scale', nu: 0.3, tol: 1e-3 }, 5),
    gaussianCase('linear-n1000-d12', 23, 1000, 12, { kernel: 'linear', gamma: 'scale', nu: 0.1, tol: 1e-3 }, 3),
    gaussianCase('poly-n300-d4', 24, 300, 4, { kernel: 'poly', gamma: 'scale', degree: 3, coef0: 1, nu: 0.2, tol: 1e-3 }),
    gaussianCase('sigmoid-n300-d4', 25, 300, 4, { kernel: 'sigmoid', gamma: 0.01, coef0: 0, nu: 0.3, tol: 1e-3 }),
    ...skabCases(),
  ];
}

function maxAbsDiff(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  expect(ours.length).toBe(ref.length);
  let m = 0;
  for (let i = 0; i < ours.length; i++) m = Math.max(m, Math.abs(ours[i]! - ref[i]!));
  return m;
}

describe('OneClassSvm equals scikit-learn OneClassSVM (libsvm)', () => {
  const all = cases();
  let reference: { versions: Record<string, string>; results: Record<string, Reference> };
  const summary: string[] = [];

  beforeAll(() => {
    reference = runPythonFixture('sklearn_ocsvm.py', {
      cases: all.map((c) => ({ id: c.id, X: toRows(c.X), Y: toRows(c.Y), ...c.options })),
    });
    return () => console.info(`scikit-learn ${reference.versions['scikit-learn']}\n${summary.join('\n')}`);
  });

  it.each(all.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ref = reference.results[c.id]!;
    const m = new OneClassSvm(c.options);
    m.fit(c.X);
    const fit = m.fitResult;
    expect(Math.abs(fit.params.gamma - ref.gamma)).toBeLessThanOrEqual(1e-12 * ref.gamma);
    expect(Math.abs(fit.rho - ref.offset)).toBeLessThanOrEqual(ABS);

    const alphaOurs = new Map<number, number>();
    fit.supportIndices.forEach((row, k) => alphaOurs.set(row, fit.dualCoef[k]!));
    const alphaRef = new Map(ref.support.map((row, k) => [row, ref.dual_coef[k]!]));
    let alphaDiff = 0;
    for (const row of new Set([...alphaOurs.keys(), ...alphaRef.keys()])) {
      alphaDiff = Math.max(alphaDiff, Math.abs((alphaOurs.get(row) ?? 0) - (alphaRef.get(row) ?? 0)));
    }
    expect(alphaDiff).toBeLessThanOrEqual(ABS);

    const both = m.decisionFunction(vstack(c.X, c.Y));
    const trainDiff = maxAbsDiff(both.subarray(0, c.X.rows), ref.decision_train);
    const testDiff = maxAbsDiff(both.subarray(c.X.rows), ref.decision_test);
    expect(trainDiff).toBeLessThanOrEqual(ABS);
    expect(testDiff).toBeLessThanOrEqual(ABS);
    const scale = Math.max(...ref.decision_train.map(Math.abs), ...ref.decision_test.map(Math.abs));
    summary.push(
      `${c.id.padEnd(26)} n=${c.X.rows} d=${c.X.cols} nSV=${fit.supportIndices.length}/${ref.support.length} ` +
        `iter=${fit.nIter}/${ref.n_iter} max|Δdec|=${Math.max(trainDiff, testDiff).toExponential(1)} max|dec|=${scale.toPrecision(3)} ` +
        `|Δρ|=${Math.abs(fit.rho - ref.offset).toExponential(1)} max|Δα|=${alphaDiff.toExponential(1)}`,
    );
  });
});
