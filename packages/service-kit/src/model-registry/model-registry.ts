import type { HealthCheckResult } from '../http/health';

/**
 * The model-registry port: training runs (parameters, metrics, artifact files) and registered models whose numbered
 * versions point at a run's artifact, with named aliases such as `champion` that services follow. The embedded
 * profile keeps it in a directory (LocalModelRegistry), the distributed one in an MLflow tracking server
 * (MlflowModelRegistry); `describeModelRegistryContract` in @vigie/service-kit-testing holds both to the same
 * behaviour. `promoteIfBetter` (promote.ts) is the rule that moves `champion`; `watchAlias` is how a service
 * notices the move, and `followAlias` (follow-alias.ts) swaps the loaded model without a restart. See docs/adr/0010-model-registry.md.
 */

/** The alias a serving service loads. */
export const CHAMPION_ALIAS = 'champion';

export type RunStatus = 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
/** How a run may end. */
export type RunEndStatus = Exclude<RunStatus, 'RUNNING'>;

/** Hyper-parameters: stored as text (MLflow's params are strings), so `0.1` reads back as `'0.1'`. */
export type RunParams = Readonly<Record<string, string | number | boolean>>;
export type Tags = Readonly<Record<string, string>>;
export type Metrics = Readonly<Record<string, number>>;

export interface StartRunOptions {
  /** Written once, when the run starts: at most 100. */
  readonly params?: RunParams;
  /** Keys starting with `mlflow.` are MLflow's own and refused. */
  readonly tags?: Tags;
}

/** A run being written. Not safe to share between concurrent writers: one training job owns it. */
export interface TrainingRun {
  /** 32 lower-case hex digits, as MLflow makes them. */
  readonly id: string;
  readonly experiment: string;
  /**
   * Appends one point per metric, all at `step` (a non-negative integer, 0 when omitted). A run's metric value is its
   * latest point: the highest step, then the latest time, then the largest value (MLflow's rule).
   */
  logMetrics(metrics: Metrics, step?: number): Promise<void>;
  /** Stores a file under the run; the same path again replaces it. */
  logArtifact(path: string, bytes: Uint8Array): Promise<void>;
  /** `FINISHED` when omitted. Logging after `end`, or ending twice, fails with REGISTRY_CONFLICT. */
  end(status?: RunEndStatus): Promise<void>;
}

/** What a run holds, as read back. */
export interface RunRecord {
  readonly id: string;
  readonly experiment: string;
  readonly status: RunStatus;
  readonly params: Readonly<Record<string, string>>;
  /** Latest value of each metric. */
  readonly metrics: Metrics;
  readonly tags: Tags;
  /** Epoch milliseconds. */
  readonly startedAt: number;
  readonly endedAt?: number;
}

export interface ModelVersion {
  readonly model: string;
  /** 1, 2, 3… in registration order, per model. */
  readonly version: number;
  readonly runId: string;
  /** The run's artifact file this version serves, e.g. `model/rul.json`. */
  readonly artifactPath: string;
  readonly tags: Tags;
  /** Aliases pointing at this version, sorted. */
  readonly aliases: readonly string[];
  /** Latest value of each metric of the run that produced it, read when the version is. */
  readonly metrics: Metrics;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/** Called with the version an alias now points at; `undefined` when it points nowhere (any more). */
export type AliasChangeHandler = (version: ModelVersion | undefined) => void | Promise<void>;

export interface WatchAliasOptions {
  /** A failed poll (registry unavailable) or a throwing handler; polling goes on either way. */
  readonly onError?: (error: unknown) => void;
}

/** Stops polling; resolves once a handler already running has returned. */
export type StopWatching = () => Promise<void>;

export interface ModelRegistry {
  /** Creates the experiment on first use. */
  startRun(experiment: string, options?: StartRunOptions): Promise<TrainingRun>;
  getRun(runId: string): Promise<RunRecord>;
  /**
   * Registers the next version of `model` (created on first use) serving the run's file `artifactPath`, which must
   * have been logged. Fails with REGISTRY_NOT_FOUND for an unknown run or artifact.
   */
  registerVersion(model: string, runId: string, artifactPath: string, tags?: Tags): Promise<ModelVersion>;
  getVersion(model: string, version: number): Promise<ModelVersion>;
  /** Points `alias` at `version`, moving it from any other version. */
  setAlias(model: string, alias: string, version: number): Promise<void>;
  /** REGISTRY_NOT_FOUND when the model or the alias does not exist. */
  getVersionByAlias(model: string, alias: string): Promise<ModelVersion>;
  /** Every version, oldest first, each with its run's metrics. REGISTRY_NOT_FOUND for an unknown model. */
  listVersions(model: string): Promise<ModelVersion[]>;
  /** The bytes of the version's artifact file. */
  downloadArtifact(version: Pick<ModelVersion, 'model' | 'version'>): Promise<Uint8Array>;
  /**
   * Polls the alias every `intervalMs` and calls `onChange` when the version it points at differs from the last one
   * seen: at the first poll when the alias is set, then at each move. A handler that throws is called again at the
   * next poll, so a model that failed to load is retried. Polls never overlap.
   */
  watchAlias(model: string, alias: string, intervalMs: number, onChange: AliasChangeHandler, options?: WatchAliasOptions): StopWatching;
  /** For the health registry: `health.register('model-registry', () => registry.ping())`. */
  ping(): Promise<HealthCheckResult>;
}
