import { describe, expect, it } from 'vitest';
import { assertMatrix, createRng, fitStandardScaler, flipSigns, fromRows, symmetricEigen, vstack, zeros, type Matrix } from '../src';
import { expectMlError } from './support/expect-error';

function randomSymmetric(n: number, seed: number): Float64Array {
  const r = createRng(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = r.uniform(-1, 1);
  return a;
}

describe('symmetricEigen (Jacobi)', () => {
  it('solves a 2×2 case by hand: [[2, 1], [1, 2]] has eigenvalues 3 and 1', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[0]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(vectors[0]! * vectors[1]!).toBeGreaterThan(0); // (1, 1)/√2 up to sign
  });

  it.each([3, 8, 20])('reconstructs a random %i×%i symmetric matrix from orthonormal vectors, values descending', (n) => {
    const a = randomSymmetric(n, n);
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 1; k < n; k++) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let dot = 0;
        let rec = 0;
        for (let k = 0; k < n; k++) {
          dot += vectors[p * n + k]! * vectors[q * n + k]!;
          rec += vectors[k * n + p]! * values[k]! * vectors[k * n + q]!;
        }
        expect(Math.abs(dot - (p === q ? 1 : 0))).toBeLessThan(1e-13);
        expect(Math.abs(rec - a[p * n + q]!)).toBeLessThan(1e-13);
      }
    }
  });

  it('leaves its input untouched and rejects a wrong size', () => {
    const a = randomSymmetric(4, 1);
    const copy = Float64Array.from(a);
    symmetricEigen(a, 4);
    expect(a).toEqual(copy);
    expectMlError(() => symmetricEigen(a, 3), 'ML_BAD_INPUT');
  });
});

describe('flipSigns (scikit-learn svd_flip on rows)', () => {
  it('makes the largest-magnitude entry of each row positive, the first one on ties', () => {
    const v = Float64Array.from([0.1, -0.9, 0.3, -0.5, 0.5, 0.1]);
    flipSigns(v, 2, 3);
    expect(Array.from(v)).toEqual([-0.1, 0.9, -0.3, 0.5, -0.5, -0.1]);
  });
});

describe('matrix helpers', () => {
  it('assertMatrix rejects empty, non-finite, wrongly sized and wrongly wide input with ML_BAD_INPUT', () => {
    const ok = fromRows([
      [1, 2],
      [3, 4],
    ]);
    assertMatrix(ok, 'X', 2);
    expectMlError(() => assertMatrix(zeros(0, 2), 'X'), 'ML_BAD_INPUT');
    expectMlError(() => assertMatrix(zeros(2, 0), 'X'), 'ML_BAD_INPUT');
    expectMlError(() => assertMatrix(fromRows([[1, NaN]]), 'X'), 'ML_BAD_INPUT');
    expectMlError(() => assertMatrix(fromRows([[Infinity, 1]]), 'X'), 'ML_BAD_INPUT');
    expectMlError(() => assertMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }, 'X'), 'ML_BAD_INPUT');
    expectMlError(() => assertMatrix({ rows: 1, cols: 2, data: [1, 2] } as unknown as Matrix, 'X'), 'ML_BAD_INPUT');
    expectMlError(() => assertMatrix(ok, 'X', 3), 'ML_BAD_INPUT');
    expectMlError(() => fromRows([[1, 2], [3]]), 'ML_BAD_INPUT');
  });

  it('vstack puts the first matrix on top', () => {
    const m = vstack(fromRows([[1, 2]]), fromRows([[3, 4]]));
    expect(m.rows).toBe(2);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4]);
  });

  it('fitStandardScaler uses the population standard deviation and scale 1 for a constant column', () => {
    const s = fitStandardScaler(
      fromRows([
        [1, 5],
        [3, 5],
      ]),
    );
    expect(Array.from(s.mean)).toEqual([2, 5]);
    expect(Array.from(s.scale)).toEqual([1, 1]);
    const t = fitStandardScaler(fromRows([[0], [4]]));
    expect(t.scale[0]).toBe(2);
  });
});
