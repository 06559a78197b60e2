import { z } from 'zod';
import { RulPredictionSchema } from '../events/rul-predictions';

/** A source of run-to-failure histories (e.g. `FD001`); its trained model is registered as `rul-<source>`. */
export const RulSource = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, `_`, `.` and `-` only');

/** RUL of an asset's stored degradation trend, or of a posted health-index history (the trend model). */
export const HealthPredictRequest = z
  .object({
    assetId: z.string().min(1),
    /** Health-index history: time (epoch ms) and value in [0,1]; uses the stored history when omitted. */
    history: z
      .array(z.object({ ts: z.number().int(), health: z.number().min(0).max(1) }))
      .max(100_000)
      .optional(),
  })
  .strict();
/**
 * RUL of a posted multi-sensor history (one row per cycle, oldest first, as the training data of `source`: same
 * settings and sensor columns), by the `champion` of `rul-<source>`. Post the whole history since the asset was new or
 * last overhauled: the model reads how long it has run and how far each sensor has drifted from its first cycles.
 */
export const SeriesPredictRequest = z
  .object({
    source: RulSource,
    assetId: z.string().min(1).optional(),
    /** Cycle of each row, strictly increasing; 1, 2, 3… when omitted. */
    cycles: z.array(z.number()).max(100_000).optional(),
    /** Operating settings per cycle (rows × settings; rows of [] when the source has none). */
    settings: z.array(z.array(z.number())).min(1).max(100_000),
    /** Sensor readings per cycle (rows × sensors). */
    sensors: z.array(z.array(z.number())).min(1).max(100_000),
  })
  .strict();
export const PredictRequest = z.union([HealthPredictRequest, SeriesPredictRequest]);
/** What the trained model says of a posted history: RUL in cycles with its conformal interval. */
export const SeriesPrediction = z.object({
  source: z.string(),
  assetId: z.string().optional(),
  /** Registry model and version that answered (the champion when asked). */
  model: z.string(),
  version: z.number().int(),
  modelVersion: z.string(),
  rul: z.number().nonnegative(),
  lower: z.number().nonnegative(),
  upper: z.number().nonnegative(),
  /**
   * True when the interval reaches the model's training cap (125 cycles by default): the model cannot tell an RUL at
   * the cap from any longer one, so at the stated level the RUL is at least `lower`, with no upper bound; `upper` is
   * then the bound of the capped RUL. False: the RUL lies in [lower, upper].
   */
  upperUnbounded: z.boolean(),
  level: z.number().gt(0).lt(1),
  unit: z.literal('cycles'),
  /** Rows of the posted history. */
  cycles: z.number().int(),
});
export const PredictResponse = z.union([RulPredictionSchema, SeriesPrediction]);
export const RulHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
export const RulHistoryResponse = z.object({ assetId: z.string(), predictions: z.array(RulPredictionSchema) });
export const RulModelSchema = z.object({
  name: z.string(),
  version: z.string(),
  kind: z.string(),
  status: z.string(),
  createdAt: z.string(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.number()),
});
export const RulModelsResponse = z.object({ models: z.array(RulModelSchema) });
/** A training job on the run-to-failure histories of one source (see `POST /api/v1/rul/training-data`). */
export const RulTrainRequest = z
  .object({
    source: RulSource,
    /** Nominal coverage of the conformal interval. */
    level: z.number().gt(0).lt(1).default(0.9),
    /**
     * Cycles of the long window: for a C-MAPSS source, each sensor's mean, slope and drift are taken over the last
     * `window` cycles (and the drift from the unit's first `window`); for a simulator source, the rows one prediction reads.
     */
    window: z.number().int().min(5).max(200).default(30),
    /** Cap of the piecewise-linear target, in cycles. */
    cap: z.number().positive().max(10_000).default(125),
    /** Most boosting rounds; early stopping on held-out units usually ends sooner. */
    rounds: z.number().int().min(1).max(5000).default(400),
    learningRate: z.number().gt(0).max(1).default(0.05),
    maxDepth: z.number().int().min(1).max(12).default(6),
    /** Rounds without a better validation RMSE before boosting stops. */
    earlyStoppingRounds: z.number().int().min(1).max(1000).default(30),
    /** Distance in cycles between consecutive training windows of a unit (1: every window). */
    stride: z.number().int().min(1).max(100).default(1),
    /**
     * Models averaged (bagging): the training units are split in this many folds by unit, one model fitted on all
     * but each fold and stopped early on it (at most one per training unit).
     */
    members: z.number().int().min(2).max(10).default(5),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(0),
  })
  .strict();
export const RulTrainingJobStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
/** The model version a RUL job registered, its validation figures and whether it became `champion`. */
export const RulTrainedModel = z.object({
  source: z.string(),
  /** Registry model name, `rul-<source>`. */
  model: z.string(),
  version: z.number().int(),
  /** Object-store location of the artifact (bucket `rul-models`). */
  artifact: z.object({ bucket: z.string(), key: z.string() }),
  /** Units by role; `validation` counts the units scored out of fold (the training units, each by the member that never saw it). */
  units: z.object({ train: z.number().int(), validation: z.number().int(), calibration: z.number().int() }),
  /** Trees of all the members. */
  trees: z.number().int(),
  /** Models averaged. */
  members: z.number().int(),
  /** RMSE (cycles) on every window of the training units predicted out of fold, capped target. */
  valRmse: z.number(),
  /** PHM08 score summed over those windows. */
  valPhm08: z.number(),
  /** Share of those windows inside their interval (optimistic: σ̂ was fitted on their errors). */
  valCoverage: z.number(),
  level: z.number(),
  promoted: z.boolean(),
  decision: z.string(),
});
export const RulTrainingJob = z.object({
  id: z.string(),
  source: z.string(),
  /** The request with its defaults filled in. */
  params: RulTrainRequest,
  status: RulTrainingJobStatus,
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  models: z.array(RulTrainedModel),
});
export const RulTrainingJobParams = z.object({ id: z.string().uuid() });
export const RulTrainingJobsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(20),
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict();
export const RulTrainingJobsResponse = z.object({ jobs: z.array(RulTrainingJob), nextCursor: z.string().optional() });

/**
 * C-MAPSS run-to-failure histories to train on: the text of a `train_FD00X.txt` (26 numbers a line), either as the
 * JSON `{ source, text }` or as a text/plain body with `?source=`. An import replaces the source's earlier rows.
 */
/**
 * Run-to-failure histories generated by the plant simulator (`simulateRunToFailure`): each degrading asset's samples
 * cut into tumbling windows of `windowSeconds` (aligned as feature-extraction aligns them), the time-domain features
 * feature-extraction publishes computed per sensor, one unit per asset and run. `assets` picks the degrading assets
 * (ids of the simulator's training failures, all four by default).
 */
export const RulSimulatorTrainingData = z
  .object({
    source: RulSource,
    simulator: z
      .object({
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31)
          .default(42),
        /** Degrade → fail → repair cycles recorded per asset (each run is one training unit). */
        runs: z.number().int().min(3).max(200).default(12),
        windowSeconds: z.number().int().min(30).max(3600),
        assets: z.array(z.string().min(1)).min(1).max(20).optional(),
        /**
         * Which assets the trained champion serves online: those assets only ('asset', the default: a model trained on
         * one machine's failures would otherwise predict a few hours of RUL for every healthy twin, and P1 work orders),
         * or every asset of the same type as `assets` ('type', when the training runs represent the type).
         */
        coverBy: z.enum(['type', 'asset']).default('asset'),
      })
      .strict(),
  })
  .strict();
export const RulTrainingDataRequest = z.union([
  z.object({ source: RulSource, format: z.literal('cmapss').default('cmapss'), text: z.string().min(1) }).strict(),
  RulSimulatorTrainingData,
  z.string().min(1),
]);
export const RulTrainingDataQuery = z.object({ source: RulSource.optional() }).strict();
export const RulTrainingDataResponse = z.object({
  source: z.string(),
  units: z.number().int(),
  rows: z.number().int(),
  settings: z.number().int(),
  sensors: z.number().int(),
  /** Simulator sources: the columns (`<sensor kind>.<feature>`), window length and the assets and types covered. */
  columns: z.array(z.string()).optional(),
  windowSeconds: z.number().int().optional(),
  assets: z.array(z.string()).optional(),
  assetTypes: z.array(z.string()).optional(),
});
