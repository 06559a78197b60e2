import { ConformalCalibrator, GradientBoostedTrees, MlError, RulPreprocessor, type UnitSeries } from '@vigie/ml';
import { bagMean, MIN_DIFFICULTY, RUL_ARTIFACT_FORMAT, type RulModelArtifact } from './rul-gbdt-model';
import type { WindowedRows } from './simulator-units';
import { lastRows, type RulFeatureSet } from './window-features';

export interface SeriesRul {
  rul: number;
  lower: number;
  upper: number;
  /**
   * The interval reaches the training cap: the interval is one of the capped RUL, min(RUL, cap), so the RUL itself is
   * at least `lower` with no upper bound (when `upper` < cap, capped and true RUL are one and [lower, upper] holds it).
   */
  upperUnbounded: boolean;
  level: number;
}

/** A trained RUL model read back from its artifact: the RUL (cycles) after the last row of a history, with its interval. */
export class RulGbdtPredictor {
  private constructor(
    readonly source: string,
    private readonly pre: RulPreprocessor,
    /** The bag's members (one for an older artifact), averaged. */
    private readonly members: readonly GradientBoostedTrees[],
    private readonly difficulty: GradientBoostedTrees,
    private readonly conformal: ConformalCalibrator,
    private readonly cycleFeature: boolean,
    private readonly featureSet: RulFeatureSet,
    /** What a row is when the model is served online (simulator sources), else undefined. */
    readonly rows: WindowedRows | undefined,
    /** Largest training target, in cycles. */
    readonly horizon: number,
    /** Smallest σ̂, in cycles. */
    private readonly minDifficulty: number,
  ) {}

  /** Fails with ML_BAD_STATE on anything that is not a `vigie.rul-gbdt/1` artifact. */
  static fromArtifact(raw: unknown): RulGbdtPredictor {
    const a = raw as Partial<RulModelArtifact> | null;
    if (a?.format !== RUL_ARTIFACT_FORMAT || typeof a.source !== 'string')
      throw new MlError('ML_BAD_STATE', `not a ${RUL_ARTIFACT_FORMAT} artifact`);
    const members = a.members ?? (a.model === undefined ? [] : [a.model]);
    if (!Array.isArray(members) || members.length === 0)
      throw new MlError('ML_BAD_STATE', `${RUL_ARTIFACT_FORMAT} artifact without a model`);
    if (a.featureSet !== undefined && a.featureSet !== 'history' && a.featureSet !== 'window')
      throw new MlError('ML_BAD_STATE', `${RUL_ARTIFACT_FORMAT} artifact with an unknown feature set ${JSON.stringify(a.featureSet)}`);
    return new RulGbdtPredictor(
      a.source,
      RulPreprocessor.fromState(a.preprocessor!),
      members.map((m) => GradientBoostedTrees.fromState(m)),
      GradientBoostedTrees.fromState(a.difficulty),
      ConformalCalibrator.fromState(a.conformal!),
      a.cycleFeature ?? true,
      a.featureSet ?? 'window',
      a.rows,
      a.horizon ?? a.preprocessor!.cap ?? 125,
      a.minDifficulty ?? MIN_DIFFICULTY,
    );
  }

  /** Rows (cycles) of history one prediction reads. */
  get window(): number {
    return this.pre.window;
  }

  get level(): number {
    return this.conformal.level;
  }

  /** Columns a history must have: operating settings and sensors, as in the training data. */
  get shape(): { settings: number; sensors: number } {
    return { settings: this.pre.regimes.settings, sensors: this.pre.sensorNames.length };
  }

  /** One prediction per unit, at its last row; fails with ML_BAD_INPUT on a unit of the wrong width. */
  predict(units: readonly UnitSeries[]): SeriesRul[] {
    const X = lastRows(this.pre, units, this.featureSet, this.cycleFeature);
    const predicted = bagMean(this.members, X).map((v) => Math.max(0, v));
    const sigma = this.difficulty.predict(X).map((v) => Math.max(this.minDifficulty, v));
    const { lower, upper } = this.conformal.apply({ predicted, difficulty: sigma });
    const cap = this.pre.cap;
    return Array.from(predicted, (rul, i) => ({
      rul,
      lower: Math.max(0, lower[i]!),
      upper: Math.max(0, upper[i]!),
      upperUnbounded: Number.isFinite(cap) && upper[i]! >= cap,
      level: this.level,
    }));
  }
}
