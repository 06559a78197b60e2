import { ModelRegistryError, type ModelRegistryErrorDetails } from './errors';
import type { RunEndStatus, RunParams, Tags } from './model-registry';

/**
 * The portable subset both adapters store faithfully. Names become directory names in LocalModelRegistry and
 * filter strings in MLflow's search, so they are narrower than what MLflow alone would take.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** MLflow reserves `latest` and `v<digits>` (they already mean a version). */
const ALIAS = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const RESERVED_ALIAS = /^(latest|v\d+)$/i;
const RUN_ID = /^[0-9a-f]{32}$/;
/** Metric, param and tag keys: MLflow's characters, minus spaces; `/` only between segments. */
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
const MAX_KEY_LENGTH = 250;
/** MLflow's limits: 6,000 characters for a param value, 5,000 for a model-version tag (8,000 for a run tag). */
const MAX_PARAM_VALUE_LENGTH = 6000;
const MAX_TAG_VALUE_LENGTH = 5000;
/** What one MLflow log-batch request may carry; more is refused rather than split (nobody trains with that many). */
export const MAX_PARAMS = 100;
export const MAX_TAGS = 100;
export const MAX_METRICS_PER_CALL = 1000;
const ARTIFACT_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_ARTIFACT_PATH_LENGTH = 512;
const END_STATUSES: readonly string[] = ['FINISHED', 'FAILED', 'KILLED'] satisfies RunEndStatus[];

const bad = (reason: string, details: ModelRegistryErrorDetails = {}): ModelRegistryError =>
  new ModelRegistryError('REGISTRY_BAD_INPUT', { ...details, reason });

/** Experiment and registered-model names. */
export function assertValidName(kind: 'experiment' | 'model', name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw bad(`a ${kind} name is 1 to 128 of A-Z a-z 0-9 _ . - starting with a letter or digit, got ${JSON.stringify(name)}`);
  }
}

export function assertValidAlias(alias: unknown): asserts alias is string {
  if (typeof alias !== 'string' || !ALIAS.test(alias) || RESERVED_ALIAS.test(alias)) {
    throw bad(`an alias is 1 to 128 of A-Z a-z 0-9 _ - starting with a letter or _, not 'latest' nor 'v<n>'; got ${JSON.stringify(alias)}`);
  }
}

export function assertValidRunId(runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) throw bad(`a run id is 32 lower-case hex digits, got ${JSON.stringify(runId)}`);
}

export function assertValidVersion(version: unknown): asserts version is number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw bad(`a version is a positive integer, got ${String(version)}`);
  }
}

export function assertValidKey(kind: string, key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY.test(key)) {
    throw bad(`a ${kind} key is 1 to ${MAX_KEY_LENGTH} of A-Z a-z 0-9 _ . - with / between segments, got ${JSON.stringify(key)}`);
  }
}

/** Params as MLflow stores them: text. */
export function normalizeParams(params: RunParams = {}): Record<string, string> {
  const entries = Object.entries(params);
  if (entries.length > MAX_PARAMS) throw bad(`at most ${MAX_PARAMS} params, got ${entries.length}`);
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    assertValidKey('param', key);
    if (!['string', 'number', 'boolean'].includes(typeof value) || (typeof value === 'number' && !Number.isFinite(value))) {
      throw bad(`param ${key} must be a string, a finite number or a boolean`);
    }
    const text = String(value);
    if (text.length > MAX_PARAM_VALUE_LENGTH) throw bad(`param ${key} is longer than ${MAX_PARAM_VALUE_LENGTH} characters`);
    out[key] = text;
  }
  return out;
}

export function normalizeTags(tags: Tags = {}): Record<string, string> {
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw bad(`at most ${MAX_TAGS} tags, got ${entries.length}`);
  for (const [key, value] of entries) {
    assertValidKey('tag', key);
    if (key.startsWith('mlflow.')) throw bad(`tag ${key}: keys starting with mlflow. are MLflow's own`);
    if (typeof value !== 'string' || value.length > MAX_TAG_VALUE_LENGTH) {
      throw bad(`tag ${key} must be a string of at most ${MAX_TAG_VALUE_LENGTH} characters`);
    }
  }
  return { ...tags };
}

export function assertValidMetrics(metrics: unknown, step: unknown): asserts metrics is Record<string, number> {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) throw bad('metrics is an object of name → number');
  const entries = Object.entries(metrics);
  if (entries.length === 0 || entries.length > MAX_METRICS_PER_CALL)
    throw bad(`1 to ${MAX_METRICS_PER_CALL} metrics per call, got ${entries.length}`);
  for (const [key, value] of entries) {
    assertValidKey('metric', key);
    // MLflow would store NaN and ±Infinity, but JSON cannot carry them and no comparison can use them.
    if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`metric ${key} must be a finite number, got ${String(value)}`);
  }
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw bad(`a step is a non-negative integer, got ${String(step)}`);
}

export function assertValidEndStatus(status: unknown): asserts status is RunEndStatus {
  if (typeof status !== 'string' || !END_STATUSES.includes(status))
    throw bad(`a run ends FINISHED, FAILED or KILLED, got ${String(status)}`);
}

/** A relative POSIX path of plain segments: no `.`/`..`, no hidden files, no empty segment, nothing absolute. */
export function assertValidArtifactPath(path: unknown): asserts path is string {
  const ok =
    typeof path === 'string' &&
    path.length <= MAX_ARTIFACT_PATH_LENGTH &&
    path.split('/').every((segment) => ARTIFACT_SEGMENT.test(segment));
  if (!ok)
    throw bad(`an artifact path is relative segments of A-Z a-z 0-9 _ . - (not starting with .), got ${JSON.stringify(path)}`, {
      path: String(path),
    });
}

export function assertValidBytes(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw bad('artifact bytes must be a Uint8Array (a Buffer is one)');
}

export function assertValidInterval(intervalMs: unknown): asserts intervalMs is number {
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 10) {
    throw bad(`a polling interval is at least 10 ms, got ${String(intervalMs)}`);
  }
}
