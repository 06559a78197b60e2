import { promoteIfBetter, type ModelRegistry } from '@vigie/service-kit';
import { ARTIFACT_PATH, serializeArtifact, versionLabel, type ArtifactModels } from '../domain/baseline-artifact';
import { registryModelName, type TrainedModel } from '../domain/training-job';
import { falseAlarmRate, type AssetFit, type SensorFit } from './train-baselines';

export const EXPERIMENT = 'anomaly-detection';
/**
 * The validation metric promotion compares: share of held-out healthy windows flagged anomalous — by the asset model
 * when the version has one (it is what scores the asset), else by the sensor baselines.
 */
export const VALIDATION_METRIC = 'val_false_alarm_rate';
export const METHOD = 'robust-median-mad';
export const ASSET_METHOD = 'mset+pca-ensemble/pot';

export interface Registered {
  trained: TrainedModel;
  models: ArtifactModels;
}

/**
 * Logs one run for an asset's fits (params, the validation metric, the models JSON), registers it as the next version
 * of `anomaly-<assetId>`, and promotes it to `champion` only if its false-alarm rate beats the champion's. A run that
 * fails half-way is ended FAILED, so the registry never shows it running forever.
 */
export async function registerBaselines(
  registry: ModelRegistry,
  assetId: string,
  fits: readonly SensorFit[],
  asset: AssetFit | undefined,
  requestedWindows: number,
  jobId: string,
): Promise<Registered> {
  const model = registryModelName(assetId);
  const rate = asset ? asset.flagged / asset.heldOut : falseAlarmRate(fits);
  const run = await registry.startRun(EXPERIMENT, {
    params: {
      assetId,
      windows: requestedWindows,
      sensors: fits.length,
      method: asset ? `${ASSET_METHOD} + ${METHOD}` : METHOD,
      holdout: asset ? asset.heldOut : fits.reduce((n, f) => n + f.heldOut, 0),
      ...(asset ? { asset_columns: asset.model.columns.length, asset_risk: asset.model.risk } : {}),
    },
    tags: { jobId },
  });
  try {
    await run.logMetrics({
      [VALIDATION_METRIC]: rate,
      fitted_windows: fits.reduce((n, f) => n + f.windows, 0),
      ...(asset ? { asset_windows: asset.windows, sensor_val_false_alarm_rate: falseAlarmRate(fits) } : {}),
    });
    await run.logArtifact(ARTIFACT_PATH, serializeArtifact(assetId, fits, asset?.model));
    await run.end('FINISHED');
  } catch (error) {
    await run.end('FAILED').catch(() => undefined);
    throw error;
  }
  const version = await registry.registerVersion(model, run.id, ARTIFACT_PATH, { jobId });
  const decision = await promoteIfBetter(registry, model, version, { metric: VALIDATION_METRIC, greaterIsBetter: false });
  const label = versionLabel(model, version.version);
  return {
    trained: {
      assetId,
      model,
      version: version.version,
      sensors: fits.length,
      windows: Math.min(...fits.map((f) => f.windows)),
      assetWindows: asset?.windows ?? 0,
      valFalseAlarmRate: rate,
      promoted: decision.promoted,
      decision: decision.explanation,
    },
    models: {
      baselines: fits.map((f) => ({ assetId, sensorId: f.sensorId, version: label, windows: f.windows, stats: f.stats })),
      asset: asset ? { assetId, version: label, model: asset.model } : undefined,
    },
  };
}
