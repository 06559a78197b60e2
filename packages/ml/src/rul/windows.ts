import { MlError } from '../errors';
import type { Matrix } from '../linalg/matrix';

/** A unit after preprocessing: model features per cycle and, for training, the target per cycle. */
export interface PreparedUnit {
  readonly unit: number;
  readonly cycles: Float64Array;
  readonly features: Matrix;
  readonly target?: Float64Array;
}

/**
 * `count` windows of `length` consecutive rows × `features` columns, as one Float32Array laid out
 * [window][step][feature] (what tfjs takes as a [count, length, features] tensor; float32 halves the memory of
 * FD004's ≈ 60k windows). `target`, `unit` and `cycle` describe the window's last row.
 */
export interface WindowSet {
  readonly count: number;
  readonly length: number;
  readonly features: number;
  readonly data: Float32Array;
  /** Target at the window's last row (NaN when the units carried no target). */
  readonly target: Float64Array;
  readonly unit: Int32Array;
  readonly cycle: Float64Array;
}

export interface WindowOptions {
  readonly length: number;
  /** Distance between consecutive window ends, counted back from each unit's last row (default 1). */
  readonly stride?: number;
  /** Only the window ending at each unit's last row (the C-MAPSS test protocol). Default false. */
  readonly lastOnly?: boolean;
}

/**
 * Sliding windows over each unit, ending at the last row and every `stride` rows before it while a full window fits.
 * A unit shorter than `length` gives one window whose start is padded by repeating its first row (as the C-MAPSS
 * literature does for short test units), so every unit is predicted. Fails with ML_BAD_INPUT on a length or stride
 * that is not a positive integer, or units of different widths.
 */
export function slidingWindows(units: readonly PreparedUnit[], options: WindowOptions): WindowSet {
  const { length, stride = 1, lastOnly = false } = options;
  if (!Number.isInteger(length) || length < 1) throw new MlError('ML_BAD_INPUT', `window length ${length} is not a positive integer`);
  if (!Number.isInteger(stride) || stride < 1) throw new MlError('ML_BAD_INPUT', `window stride ${stride} is not a positive integer`);
  const f = units[0]?.features.cols ?? 0;
  const ends = units.map((u) => {
    if (u.features.cols !== f) throw new MlError('ML_BAD_INPUT', `unit ${u.unit} has ${u.features.cols} features, expected ${f}`);
    const n = u.features.rows;
    const list: number[] = [];
    for (let e = n - 1; e >= 0 && (e === n - 1 || e >= length - 1); e -= stride) {
      list.push(e);
      if (lastOnly) break;
    }
    return list.reverse();
  });
  const count = ends.reduce((s, l) => s + l.length, 0);
  const out = {
    count,
    length,
    features: f,
    data: new Float32Array(count * length * f),
    target: new Float64Array(count).fill(NaN),
    unit: new Int32Array(count),
    cycle: new Float64Array(count),
  };
  let w = 0;
  units.forEach((u, k) => {
    for (const e of ends[k]!) {
      for (let t = 0; t < length; t++) {
        const row = Math.max(0, e - length + 1 + t);
        out.data.set(u.features.data.subarray(row * f, (row + 1) * f), (w * length + t) * f);
      }
      if (u.target !== undefined) out.target[w] = u.target[e]!;
      out.unit[w] = u.unit;
      out.cycle[w] = u.cycles[e]!;
      w++;
    }
  });
  return out;
}
