import { AppError, JobAbandoned, promoteIfBetter, type JobWork, type ModelRegistry, type ObjectStore } from '@vigie/service-kit';
import type { RulRepository } from '../adapters/rul-repository';
import type { TrainingSeriesRepository } from '../adapters/training-series-repository';
import { registryModelName, RUL_MODELS_BUCKET, type QueuedRulJob, type RulTrainedModelView } from '../domain/rul-job';
import type { RulFitParams } from '../domain/rul-gbdt-model';
import { fitInWorker, type FitResult } from './fit-in-worker';

export interface RulTrainingDeps {
  series: TrainingSeriesRepository;
  repo: RulRepository;
  registry: ModelRegistry;
  objects: ObjectStore;
}

const ARTIFACT_PATH = 'model/rul-model.json';
/** Fitting takes progress 0.05 → 0.9; registering the rest. */
const FIT_START = 0.05;
const FIT_END = 0.9;

/**
 * One RUL training job: loads the source's run-to-failure histories, fits the model in a worker thread (progress after
 * each boosting round, cancel terminates the thread), logs a run (params, val_rmse, val_phm08, val_coverage…) with
 * the model as its artifact, stores the same JSON in bucket `rul-models`, registers a version of `rul-<source>` and
 * moves `champion` to it only when its val_rmse beats the champion's; records the version in `rul_models`.
 */
export function rulTrainingWork(deps: RulTrainingDeps): JobWork<QueuedRulJob['params'], RulTrainedModelView[]> {
  return async (job, report, signal) => {
    const source = job.subject;
    if (source === null) throw new AppError('VALIDATION_FAILED', 'a RUL training job needs a source');
    const units = await deps.series.load(source);
    if (units.length === 0) throw new AppError('TRAINING_DATA_MISSING', `no training data for source ${source}`);
    const rows = await deps.series.rowsOf(source);
    await report(FIT_START, []);
    const fitted = await fitWithProgress(source, units, { ...job.params, rows }, report, signal);
    await report(FIT_END, []); // throws when the job was cancelled or taken over meanwhile: nothing gets registered
    return [await register(deps, job, source, fitted)];
  };
}

async function fitWithProgress(
  source: string,
  units: Awaited<ReturnType<TrainingSeriesRepository['load']>>,
  params: RulFitParams,
  report: (progress: number, result: RulTrainedModelView[]) => Promise<void>,
  signal: AbortSignal,
): Promise<FitResult> {
  // A lost job (a newer process failed it) is noticed by a progress write: it stops the thread as a cancel does.
  const local = new AbortController();
  const stop = () => local.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  let writing = false;
  const onRound = (round: number, of: number) => {
    if (writing) return; // one progress write at a time; rounds in between are skipped
    writing = true;
    report(FIT_START + ((FIT_END - FIT_START) * (round + 1)) / of, [])
      .catch((err: unknown) => local.abort(err instanceof JobAbandoned ? err : new JobAbandoned('lost')))
      .finally(() => (writing = false));
  };
  try {
    return await fitInWorker({ source, units, params }, onRound, local.signal);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

async function register(deps: RulTrainingDeps, job: QueuedRulJob, source: string, fitted: FitResult): Promise<RulTrainedModelView> {
  const model = registryModelName(source);
  const { artifact, metrics } = fitted;
  const run = await deps.registry.startRun(model, { params: { source, ...job.params }, tags: { jobId: job.id } });
  const bytes = new TextEncoder().encode(JSON.stringify(artifact));
  const key = `${model}/${run.id}/rul-model.json`;
  try {
    await run.logMetrics({
      val_rmse: metrics.valRmse,
      val_phm08: metrics.valPhm08,
      val_coverage: metrics.valCoverage,
      ...heldOut(metrics),
      trees: metrics.trees,
      members: metrics.members,
      conformal_quantile: metrics.calibrationQuantile,
    });
    await run.logArtifact(ARTIFACT_PATH, bytes);
    await deps.objects.ensureBucket(RUL_MODELS_BUCKET);
    await deps.objects.put(RUL_MODELS_BUCKET, key, bytes, { contentType: 'application/json', metadata: { model, run: run.id } });
    await run.end();
  } catch (error) {
    await run.end('FAILED').catch(() => undefined);
    throw error;
  }
  const version = await deps.registry.registerVersion(model, run.id, ARTIFACT_PATH, { jobId: job.id, objectKey: key });
  const decision = await promoteIfBetter(deps.registry, model, version, { metric: 'val_rmse', greaterIsBetter: false });
  const units = {
    train: artifact.units.train.length,
    validation: artifact.units.validation.length,
    calibration: artifact.units.calibration.length,
  };
  await deps.repo.recordTrained(
    {
      name: model,
      version: String(version.version),
      kind: artifact.featureSet === 'history' ? 'gbdt-history-features' : 'gbdt-window-features',
      params: {
        source,
        ...job.params,
        runId: run.id,
        artifact: { bucket: RUL_MODELS_BUCKET, key },
        units,
        decision: decision.explanation,
        ...(artifact.rows ? { rows: artifact.rows } : {}),
      },
      metrics: {
        val_rmse: metrics.valRmse,
        val_phm08: metrics.valPhm08,
        val_coverage: metrics.valCoverage,
        ...heldOut(metrics),
        level: artifact.level,
        val_windows: metrics.valWindows,
        calibration_windows: metrics.calibrationWindows,
        trees: metrics.trees,
        members: metrics.members,
      },
    },
    decision.promoted,
  );
  return {
    source,
    model,
    version: version.version,
    artifact: { bucket: RUL_MODELS_BUCKET, key },
    units,
    trees: metrics.trees,
    members: metrics.members,
    valRmse: metrics.valRmse,
    valPhm08: metrics.valPhm08,
    valCoverage: metrics.valCoverage,
    level: artifact.level,
    promoted: decision.promoted,
    decision: decision.explanation,
  };
}

/** The held-out coverage metric, left out when it cannot be computed (NaN: too few out-of-fold rows for the level). */
function heldOut(metrics: FitResult['metrics']): { held_out_coverage?: number } {
  return Number.isFinite(metrics.heldOutCoverage) ? { held_out_coverage: metrics.heldOutCoverage } : {};
}
