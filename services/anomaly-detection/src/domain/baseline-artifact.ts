import { z } from 'zod';
import type { BaselineModel } from './baseline';
import { AssetModel, type AssetModelState } from './asset-model';

/**
 * The file a registered version serves: every sensor baseline of one asset and, when the training data held enough
 * complete asset windows, the asset's multivariate model (`vigie.anomaly-model/2`). Versions written before the asset
 * model (`vigie.robust-baseline/1`, sensor baselines only) still load.
 */
export const ARTIFACT_PATH = 'model/anomaly-model.json';
export const ARTIFACT_FORMAT = 'vigie.anomaly-model/2';
const LEGACY_FORMAT = 'vigie.robust-baseline/1';

const Stats = z.object({ median: z.number(), mad: z.number() });
const Sensors = z.array(z.object({ sensorId: z.string(), windows: z.number().int(), stats: z.record(z.string(), Stats) })).min(1);
const Artifact = z.discriminatedUnion('format', [
  z.object({ format: z.literal(LEGACY_FORMAT), assetId: z.string(), sensors: Sensors }),
  z.object({
    format: z.literal(ARTIFACT_FORMAT),
    assetId: z.string(),
    sensors: Sensors,
    /** AssetModelState, checked by AssetModel.fromState. */
    asset: z.record(z.string(), z.unknown()).nullable(),
  }),
]);

/** An asset's multivariate model in service, with the version that names it in anomalies. */
export interface ServedAssetModel {
  assetId: string;
  version: string;
  model: AssetModel;
}

/** What one registered version serves. */
export interface ArtifactModels {
  baselines: BaselineModel[];
  asset: ServedAssetModel | undefined;
}

export function serializeArtifact(
  assetId: string,
  sensors: readonly Pick<BaselineModel, 'sensorId' | 'windows' | 'stats'>[],
  asset: AssetModel | undefined,
): Uint8Array {
  const artifact = {
    format: ARTIFACT_FORMAT,
    assetId,
    sensors: sensors.map(({ sensorId, windows, stats }) => ({ sensorId, windows, stats })),
    asset: asset ? asset.serialize() : null,
  };
  return new TextEncoder().encode(JSON.stringify(artifact));
}

/** The models a version serves; `version` names them in anomalies, e.g. `anomaly-P-101/3`. Throws on a foreign file. */
export function parseArtifact(bytes: Uint8Array, version: string): ArtifactModels {
  const artifact = Artifact.parse(JSON.parse(new TextDecoder().decode(bytes)));
  const baselines = artifact.sensors.map((s) => ({
    assetId: artifact.assetId,
    sensorId: s.sensorId,
    version,
    windows: s.windows,
    stats: s.stats,
  }));
  const state = artifact.format === ARTIFACT_FORMAT ? artifact.asset : null;
  return {
    baselines,
    asset: state ? { assetId: artifact.assetId, version, model: AssetModel.fromState(state as unknown as AssetModelState) } : undefined,
  };
}

export function versionLabel(model: string, version: number): string {
  return `${model}/${version}`;
}
