import { MlError } from '../errors';
import { levelIndex, type LevelThresholds } from './criticality';

export interface HysteresisOptions {
  readonly thresholds: LevelThresholds;
  /** A level is left only below `clearRatio` × its threshold. Default 0.8. */
  readonly clearRatio?: number;
  /** … for this many consecutive points. Default 10. */
  readonly clearAfter?: number;
  /** A higher level is entered after this many consecutive points at or above it. Default 1 (at once). */
  readonly raiseAfter?: number;
}

/** Everything the machine remembers between points: plain JSON, so a consumer can persist it across restarts. */
export interface HysteresisState {
  readonly level: number;
  readonly above: number;
  readonly below: number;
}

/**
 * The alarm level of a score stream without flapping: raised to level L after `raiseAfter` consecutive points ≥ L's
 * threshold; lowered only after `clearAfter` consecutive points below `clearRatio` × the current level's threshold,
 * then to the level the last point reaches. Levels are those of `levelIndex` (0 normal, 1 low … 4 critical).
 * A clear is therefore delayed by `clearAfter` points and a raise by `raiseAfter` − 1.
 */
export class AlarmHysteresis {
  private readonly clearRatio: number;
  private readonly clearAfter: number;
  private readonly raiseAfter: number;
  private level = 0;
  private above = 0;
  private below = 0;

  constructor(
    private readonly options: HysteresisOptions,
    state?: HysteresisState,
  ) {
    const t = options.thresholds;
    if (t.length !== 4 || !t.every((v, k) => Number.isFinite(v) && (k === 0 || v > t[k - 1]!))) {
      throw new MlError('ML_BAD_INPUT', 'thresholds must be 4 finite increasing numbers');
    }
    this.clearRatio = options.clearRatio ?? 0.8;
    this.clearAfter = options.clearAfter ?? 10;
    this.raiseAfter = options.raiseAfter ?? 1;
    if (!(this.clearRatio > 0 && this.clearRatio <= 1)) throw new MlError('ML_BAD_INPUT', `clearRatio ${this.clearRatio} is not in (0, 1]`);
    for (const [name, v] of [
      ['clearAfter', this.clearAfter],
      ['raiseAfter', this.raiseAfter],
    ] as const) {
      if (!(Number.isInteger(v) && v >= 1)) throw new MlError('ML_BAD_INPUT', `${name} ${v} is not an integer ≥ 1`);
    }
    if (state) {
      const ok = [state.level, state.above, state.below].every((v) => Number.isInteger(v) && v >= 0) && state.level <= 4;
      if (!ok) throw new MlError('ML_BAD_STATE', 'hysteresis state is not { level 0..4, above ≥ 0, below ≥ 0 }');
      ({ level: this.level, above: this.above, below: this.below } = state);
    }
  }

  /** Feeds one score; returns the level after it. Fails with ML_BAD_INPUT on a non-finite score. */
  update(score: number): number {
    if (!Number.isFinite(score)) throw new MlError('ML_BAD_INPUT', `score ${score} is not finite`);
    const raw = levelIndex(score, this.options.thresholds);
    if (raw > this.level) {
      this.above++;
      this.below = 0;
      if (this.above >= this.raiseAfter) [this.level, this.above] = [raw, 0];
      return this.level;
    }
    this.above = 0;
    if (this.level > 0 && score < this.clearRatio * this.options.thresholds[this.level - 1]!) {
      this.below++;
      if (this.below >= this.clearAfter) [this.level, this.below] = [raw, 0];
    } else this.below = 0;
    return this.level;
  }

  /** Levels of a whole stream, continuing from the current state. */
  run(scores: ArrayLike<number>): Uint8Array {
    const out = new Uint8Array(scores.length);
    for (let i = 0; i < scores.length; i++) out[i] = this.update(scores[i]!);
    return out;
  }

  get state(): HysteresisState {
    return { level: this.level, above: this.above, below: this.below };
  }
}
