/** Input checks of `SequenceRulModel`: windows as `WindowSet` lays them out, one finite target per window. */
import { MlError } from '../errors';
import type { SequenceWindows } from './seq-train';

/**
 * A non-empty set of `count` windows of `length` steps × `features` whose data is a Float32Array of finite values
 * of exactly that size; with `shape`, the same length and feature count. Fails with ML_BAD_INPUT naming `what`.
 */
export function assertSequenceWindows(
  w: SequenceWindows,
  what: string,
  shape?: { readonly length?: number; readonly window?: number; readonly features: number },
): void {
  const int = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
  if (!int(w?.count) || !int(w.length) || !int(w.features) || !(w.data instanceof Float32Array)) {
    throw new MlError('ML_BAD_INPUT', `${what} is not a non-empty { count, length, features, data: Float32Array }`);
  }
  if (w.data.length !== w.count * w.length * w.features) {
    throw new MlError('ML_BAD_INPUT', `${what} holds ${w.data.length} values for ${w.count} × ${w.length} × ${w.features}`);
  }
  const length = shape?.length ?? shape?.window;
  if (shape && (w.length !== length || w.features !== shape.features)) {
    throw new MlError('ML_BAD_INPUT', `${what} are ${w.length} × ${w.features}, the model is ${length} × ${shape.features}`, {
      expected: [length, shape.features],
      actual: [w.length, w.features],
    });
  }
  const size = w.length * w.features;
  for (let k = 0; k < w.data.length; k++) {
    if (!Number.isFinite(w.data[k]!)) {
      const window = Math.floor(k / size);
      const step = Math.floor((k - window * size) / w.features);
      throw new MlError('ML_BAD_INPUT', `${what}: window ${window}, step ${step} holds ${w.data[k]}`, { window, step });
    }
  }
}

/** One finite target per window, as a Float64Array. */
export function assertSequenceTargets(y: Float64Array, what: string, count: number): void {
  if (!(y instanceof Float64Array)) throw new MlError('ML_BAD_INPUT', `${what} is not a Float64Array`);
  if (y.length !== count)
    throw new MlError('ML_BAD_INPUT', `${what} has ${y.length} values for ${count} windows`, { expected: count, actual: y.length });
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) throw new MlError('ML_BAD_INPUT', `${what}[${i}] is ${y[i]}`, { row: i });
}
