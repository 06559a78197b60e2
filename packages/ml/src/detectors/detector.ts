import type { Matrix } from '../linalg/matrix';

/**
 * A detector's whole fitted state as plain JSON (numbers, strings, arrays, objects; no typed arrays, no NaN), so it
 * can be stored in the model registry and read back by `deserializeDetector`. `kind` picks the detector, `version`
 * the layout of the rest; each detector documents its own fields.
 */
export interface DetectorState {
  readonly kind: string;
  readonly version: number;
  readonly [field: string]: unknown;
}

/**
 * An unsupervised anomaly detector. `fit` learns from rows assumed mostly normal; `score` returns one score per row,
 * higher = more anomalous (PyOD's `decision_function` convention). Both fail with ML_BAD_INPUT on an empty matrix,
 * a non-finite value or (score) a width other than the fitted one; `score` before `fit` fails with ML_NOT_FITTED.
 */
export interface Detector {
  readonly kind: string;
  fit(X: Matrix): void;
  score(X: Matrix): Float64Array;
  /** Fails with ML_NOT_FITTED before `fit`. */
  serialize(): DetectorState;
}
