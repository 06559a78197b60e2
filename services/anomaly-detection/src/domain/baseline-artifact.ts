import { z } from 'zod';
import type { BaselineModel } from './baseline';

/** The file a registered version serves: every sensor baseline of one asset, fitted by one training run. */
export const ARTIFACT_PATH = 'model/baselines.json';
export const ARTIFACT_FORMAT = 'vigie.robust-baseline/1';

const Stats = z.object({ median: z.number(), mad: z.number() });
const Artifact = z.object({
  format: z.literal(ARTIFACT_FORMAT),
  assetId: z.string(),
  sensors: z.array(z.object({ sensorId: z.string(), windows: z.number().int(), stats: z.record(z.string(), Stats) })).min(1),
});
export type BaselineArtifact = z.infer<typeof Artifact>;

export function serializeArtifact(assetId: string, sensors: readonly Pick<BaselineModel, 'sensorId' | 'windows' | 'stats'>[]): Uint8Array {
  const artifact: BaselineArtifact = {
    format: ARTIFACT_FORMAT,
    assetId,
    sensors: sensors.map(({ sensorId, windows, stats }) => ({ sensorId, windows, stats })),
  };
  return new TextEncoder().encode(JSON.stringify(artifact));
}

/** The models a version serves; `version` names them in anomalies, e.g. `anomaly-P-101/3`. Throws on a foreign file. */
export function parseArtifact(bytes: Uint8Array, version: string): BaselineModel[] {
  const artifact = Artifact.parse(JSON.parse(new TextDecoder().decode(bytes)));
  return artifact.sensors.map((s) => ({ assetId: artifact.assetId, sensorId: s.sensorId, version, windows: s.windows, stats: s.stats }));
}

export function versionLabel(model: string, version: number): string {
  return `${model}/${version}`;
}
