import { ModelRegistryError } from './errors';
import type { MlflowModelVersion, MlflowRun } from './mlflow-schemas';
import type { ModelVersion } from './model-registry';

/** How MlflowModelRegistry reads MLflow's records into the port's types, and back. */

/** `mlflow-artifacts:/1/<run>/artifacts` or `mlflow-artifacts://host:port/1/…` → `1/<run>/artifacts`. */
export const PROXIED_URI = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.+)$/;

/** The path under the server's artifacts destination, as the proxy's endpoints take it. */
export function proxiedPath(uri: string): string {
  const path = PROXIED_URI.exec(uri)?.[1];
  if (path === undefined)
    throw new ModelRegistryError('REGISTRY_BAD_INPUT', { reason: `${uri} is not served by the artifact proxy (mlflow-artifacts:)` });
  return path;
}

export function toVersion(found: MlflowModelVersion, run: MlflowRun | undefined): ModelVersion {
  const root = run === undefined ? undefined : `${run.info.artifact_uri}/`;
  return {
    model: found.name,
    version: found.version,
    runId: found.run_id ?? '',
    artifactPath: root !== undefined && found.source.startsWith(root) ? found.source.slice(root.length) : found.source,
    tags: ownTags(found.tags),
    aliases: [...(found.aliases ?? [])].sort(),
    metrics: run === undefined ? {} : runMetrics(run),
    createdAt: found.creation_timestamp,
  };
}

export function runMetrics(run: MlflowRun): Record<string, number> {
  const metrics = (run.data?.metrics ?? []).flatMap(({ key, value }) => (typeof value === 'number' ? [[key, value] as const] : []));
  return Object.fromEntries(metrics);
}

/** Without MLflow's own `mlflow.*` tags (run name, user, source…). */
export function ownTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !key.startsWith('mlflow.')));
}

export function pairs(record: Readonly<Record<string, string>>): { key: string; value: string }[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}
