import { MlError } from '../errors';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { checkRegime } from './checks';

/**
 * Columns worth keeping: a sensor is dropped when, within each operating regime, almost every training row holds the
 * same value — the share of rows equal to their regime's most frequent value is ≥ `maxModeShare` (default 0.95).
 * That catches the constant sensors (C-MAPSS FD001: s1, s5, s10, s16, s18, s19) and the near-constant ones recorded at
 * a resolution coarser than their variation (FD001's s6: 21.61 on 98% of rows), and leaves the literature's 14 on
 * FD001. A sensor that is constant only after removing the regime (FD002's s1, s5, s18, s19) is dropped too.
 * Returns the kept column indices in order. Fails with ML_BAD_INPUT on mismatched ids or a share outside (0, 1].
 */
export function selectSensors(X: Matrix, regimeOf: Int32Array, regimes: number, maxModeShare = 0.95): number[] {
  assertMatrix(X, 'sensors');
  if (regimeOf.length !== X.rows) throw new MlError('ML_BAD_INPUT', `${regimeOf.length} regime ids for ${X.rows} rows`);
  if (!(maxModeShare > 0 && maxModeShare <= 1)) throw new MlError('ML_BAD_INPUT', `maxModeShare ${maxModeShare} is outside (0, 1]`);
  const byRegime = Array.from({ length: regimes }, () => [] as number[]);
  regimeOf.forEach((r, i) => byRegime[checkRegime(r, regimes)]!.push(i));
  const kept: number[] = [];
  for (let j = 0; j < X.cols; j++) {
    let modal = 0;
    for (const rows of byRegime) modal += modeCount(Float64Array.from(rows, (i) => X.data[i * X.cols + j]!));
    if (modal / X.rows < maxModeShare) kept.push(j);
  }
  return kept;
}

/** Occurrences of the most frequent value (exact equality) in a column. */
function modeCount(values: Float64Array): number {
  values.sort();
  let best = 0;
  let run = 0;
  for (let k = 0; k < values.length; k++) {
    run = k > 0 && values[k] === values[k - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/** The columns of X at `columns`, in that order (a copy). */
export function pickColumns(X: Matrix, columns: readonly number[]): Matrix {
  const data = new Float64Array(X.rows * columns.length);
  for (let i = 0; i < X.rows; i++) columns.forEach((j, c) => (data[i * columns.length + c] = X.data[i * X.cols + j]!));
  return { rows: X.rows, cols: columns.length, data };
}
