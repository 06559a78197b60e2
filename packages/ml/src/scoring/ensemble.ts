import { MlError } from '../errors';
import type { Detector } from '../detectors/detector';
import { deserializeDetector } from '../detectors/registry';
import { assertMatrix, type Matrix } from '../linalg/matrix';
import { featureContributions, normalizeRows } from './contributions';
import { ScoreNormalizer, type NormalizationMethod, type NormalizerState } from './normalize';
import { quantile } from './pot';

export interface EnsembleMember {
  readonly name: string;
  /** A fresh, unfitted detector each call (the ensemble fits one per calibration fold, and one on all rows). */
  readonly create: () => Detector;
  /** Default 1. */
  readonly weight?: number;
}

export interface EnsembleOptions {
  /** Contiguous folds for out-of-fold calibration scores. Default 5. */
  readonly folds?: number;
  readonly normalization?: NormalizationMethod;
  /** `mean` (weighted) or `max` of the normalised member scores. Default 'mean'. */
  readonly combine?: 'mean' | 'max';
}

interface FittedMember {
  readonly name: string;
  readonly weight: number;
  readonly detector: Detector;
  readonly normalizer: ScoreNormalizer;
}

/**
 * A weighted combination of detectors with scores normalised to [0, 1]. Normalisers are calibrated on **out-of-fold**
 * scores: the training rows are cut into `folds` contiguous blocks, each block is scored by members fitted on the other
 * blocks — a detector scoring its own training rows (MSET's memory, OCSVM's support) is optimistic, and a threshold
 * learnt from such scores would fire on every new row. The members finally used are fitted on all rows.
 * `calibration()` returns the combined out-of-fold scores block by block, in time order, for a threshold (POT).
 */
export class Ensemble {
  private fittedMembers: FittedMember[] | undefined;
  private calibrationBlocks: Float64Array[] = [];
  private memberBlocks: { name: string; blocks: Float64Array[] }[] = [];
  private reference: Float64Array | undefined;
  private readonly combineBy: 'mean' | 'max';

  constructor(
    private readonly members: readonly EnsembleMember[],
    private readonly options: EnsembleOptions = {},
  ) {
    if (members.length === 0) throw new MlError('ML_BAD_INPUT', 'an ensemble needs at least one member');
    for (const m of members) {
      if (m.weight !== undefined && !(Number.isFinite(m.weight) && m.weight > 0))
        throw new MlError('ML_BAD_INPUT', `weight of ${m.name} is not > 0`);
    }
    const folds = options.folds ?? 5;
    if (!(Number.isInteger(folds) && folds >= 2)) throw new MlError('ML_BAD_INPUT', `folds ${folds} is not an integer ≥ 2`);
    this.combineBy = options.combine ?? 'mean';
  }

  fit(X: Matrix): void {
    assertMatrix(X, 'X');
    const folds = this.options.folds ?? 5;
    if (X.rows < 2 * folds) throw new MlError('ML_BAD_INPUT', `${X.rows} rows are too few for ${folds} calibration folds`);
    const bounds = Array.from({ length: folds + 1 }, (_, k) => Math.round((k * X.rows) / folds));
    const oof = this.members.map(() => new Float64Array(X.rows));
    for (let k = 0; k < folds; k++) {
      const [a, b] = [bounds[k]!, bounds[k + 1]!];
      const rest = { rows: X.rows - (b - a), cols: X.cols, data: new Float64Array((X.rows - (b - a)) * X.cols) };
      rest.data.set(X.data.subarray(0, a * X.cols));
      rest.data.set(X.data.subarray(b * X.cols), a * X.cols);
      const block = { rows: b - a, cols: X.cols, data: X.data.slice(a * X.cols, b * X.cols) };
      this.members.forEach((m, i) => {
        const det = m.create();
        det.fit(rest);
        oof[i]!.set(det.score(block), a);
      });
    }
    this.fittedMembers = this.members.map((m, i) => {
      const detector = m.create();
      detector.fit(X);
      return { name: m.name, weight: m.weight ?? 1, detector, normalizer: ScoreNormalizer.fit(oof[i]!, this.options.normalization) };
    });
    const normalized = this.fittedMembers.map((m, i) => m.normalizer.normalize(oof[i]!));
    const cut = (s: Float64Array): Float64Array[] => bounds.slice(1).map((b, k) => s.slice(bounds[k]!, b));
    this.calibrationBlocks = cut(this.combine(normalized));
    this.memberBlocks = this.fittedMembers.map((m, i) => ({ name: m.name, blocks: cut(normalized[i]!) }));
    this.reference = columnMedians(X);
  }

  /** The combined score of each row, in [0, 1]. */
  score(X: Matrix): Float64Array {
    return this.combine(this.memberScores(X).map((m) => m.scores));
  }

  /** Each member's normalised scores. */
  memberScores(X: Matrix): { name: string; scores: Float64Array }[] {
    return this.fitted().map((m) => ({ name: m.name, scores: m.normalizer.normalize(m.detector.score(X)) }));
  }

  /** Out-of-fold combined scores of the training rows, one array per contiguous fold. */
  calibration(): Float64Array[] {
    this.fitted();
    return this.calibrationBlocks.map((b) => b.slice());
  }

  /** Each member's normalised out-of-fold scores, fold by fold (empty after `fromState`: states keep only the combination). */
  memberCalibration(): { name: string; blocks: Float64Array[] }[] {
    this.fitted();
    return this.memberBlocks.map((m) => ({ name: m.name, blocks: m.blocks.map((b) => b.slice()) }));
  }

  /**
   * Per-row column shares: each member's contributions (its own, or leave-one-feature-out against the training
   * medians) weighted by its weight × normalised score, then normalised per row.
   */
  contributions(X: Matrix): Matrix {
    const members = this.fitted();
    const out: Matrix = { rows: X.rows, cols: X.cols, data: new Float64Array(X.rows * X.cols) };
    for (const m of members) {
      const share = featureContributions(m.detector, X, this.reference!);
      const level = m.normalizer.normalize(m.detector.score(X));
      for (let i = 0; i < X.rows; i++) {
        for (let j = 0; j < X.cols; j++) out.data[i * X.cols + j]! += m.weight * level[i]! * share.data[i * X.cols + j]!;
      }
    }
    normalizeRows(out);
    return out;
  }

  serialize(): EnsembleState {
    return {
      kind: 'ensemble',
      version: 1,
      combine: this.combineBy,
      reference: Array.from(this.reference ?? []),
      members: this.fitted().map((m) => ({
        name: m.name,
        weight: m.weight,
        detector: m.detector.serialize(),
        normalizer: m.normalizer.serialize(),
      })),
      calibration: this.calibrationBlocks.map((b) => Array.from(b)),
    };
  }

  /** Reads a state back (members through `deserializeDetector`); fails with ML_BAD_STATE. */
  static fromState(state: unknown): Ensemble {
    const s = state as Partial<EnsembleState> | null;
    if (s?.kind !== 'ensemble' || s.version !== 1 || !Array.isArray(s.members) || s.members.length === 0 || !Array.isArray(s.reference)) {
      throw new MlError('ML_BAD_STATE', 'not an ensemble state of version 1');
    }
    if (s.combine !== 'mean' && s.combine !== 'max') throw new MlError('ML_BAD_STATE', 'ensemble.combine is not mean or max');
    const fitted = s.members.map((m) => {
      if (typeof m?.name !== 'string' || !(typeof m.weight === 'number' && m.weight > 0))
        throw new MlError('ML_BAD_STATE', 'malformed ensemble member');
      return {
        name: m.name,
        weight: m.weight,
        detector: deserializeDetector(m.detector),
        normalizer: ScoreNormalizer.fromState(m.normalizer),
      };
    });
    const ens = new Ensemble(
      fitted.map((m) => ({ name: m.name, weight: m.weight, create: () => deserializeDetector(m.detector.serialize()) })),
      { combine: s.combine },
    );
    ens.fittedMembers = fitted;
    ens.reference = Float64Array.from(s.reference);
    ens.calibrationBlocks = (s.calibration ?? []).map((b) => Float64Array.from(b));
    return ens;
  }

  private combine(scores: readonly Float64Array[]): Float64Array {
    const members = this.fitted();
    const n = scores[0]!.length;
    const out = new Float64Array(n);
    const total = members.reduce((a, m) => a + m.weight, 0);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      members.forEach((m, k) => {
        const v = scores[k]![i]!;
        acc = this.combineBy === 'max' ? Math.max(acc, v) : acc + (m.weight * v) / total;
      });
      out[i] = acc;
    }
    return out;
  }

  private fitted(): FittedMember[] {
    if (!this.fittedMembers) throw new MlError('ML_NOT_FITTED', 'the ensemble is not fitted');
    return this.fittedMembers;
  }
}

export interface EnsembleState {
  readonly kind: 'ensemble';
  readonly version: 1;
  readonly combine: 'mean' | 'max';
  readonly reference: number[];
  readonly members: { name: string; weight: number; detector: unknown; normalizer: NormalizerState }[];
  readonly calibration: number[][];
}

function columnMedians(X: Matrix): Float64Array {
  const out = new Float64Array(X.cols);
  const col = new Float64Array(X.rows);
  for (let j = 0; j < X.cols; j++) {
    for (let i = 0; i < X.rows; i++) col[i] = X.data[i * X.cols + j]!;
    out[j] = quantile(col.sort(), 0.5);
  }
  return out;
}
