import type { HealthCheckResult } from '../http/health';
import { silentLogger, type Logger } from '../logger';
import { isModelRegistryError, ModelRegistryError } from './errors';
import { MlflowExperiments } from './mlflow-experiments';
import { MlflowHttp } from './mlflow-http';
import { ownTags, pairs, proxiedPath, runMetrics, toVersion } from './mlflow-mapping';
import {
  artifactListResponse,
  emptyResponse,
  modelVersionResponse,
  registeredModelResponse,
  runResponse,
  searchModelVersionsResponse,
  type MlflowModelVersion,
  type MlflowRun,
} from './mlflow-schemas';
import type {
  AliasChangeHandler,
  ModelRegistry,
  ModelVersion,
  RunRecord,
  RunStatus,
  StartRunOptions,
  StopWatching,
  Tags,
  TrainingRun,
  WatchAliasOptions,
} from './model-registry';
import { RunHandle } from './run-handle';
import {
  assertValidAlias,
  assertValidArtifactPath,
  assertValidName,
  assertValidRunId,
  assertValidVersion,
  normalizeParams,
  normalizeTags,
} from './validation';
import { pollAliasLogged } from './watch-alias';

export interface MlflowModelRegistryConfig {
  /** The tracking server, e.g. `http://127.0.0.1:15500` (MLFLOW_URL). It must serve artifacts (`--serve-artifacts`). */
  readonly url: string;
  /** Each REST call. Default 10,000 ms. */
  readonly requestTimeoutMs?: number;
  /** Each artifact upload or download. Default 120,000 ms. */
  readonly artifactTimeoutMs?: number;
  /** Bearer token for a server behind an authenticating proxy. Secret. */
  readonly token?: string;
  /** Where watchAlias reports failed polls when the caller gives no `onError`. */
  readonly logger?: Logger;
}

/** Runs read at once by listVersions. */
const RUN_READ_CONCURRENCY = 8;

/**
 * The distributed adapter: MLflow's REST API 2.0 over fetch. Runs live in experiments, created on first use;
 * artifacts go through the server's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/…`, `mlflow-artifacts:`
 * URIs), so this process never needs the storage's credentials; a version's `source` is its run's artifact URI
 * plus the file's path; aliases are MLflow's registered-model aliases (not the deprecated stages: see ADR 0010).
 * Tags starting with `mlflow.` are MLflow's bookkeeping and are neither accepted nor returned.
 */
export class MlflowModelRegistry implements ModelRegistry {
  readonly #http: MlflowHttp;
  readonly #logger: Logger;
  readonly #experiments: MlflowExperiments;

  private constructor(http: MlflowHttp, logger: Logger) {
    this.#http = http;
    this.#experiments = new MlflowExperiments(http);
    this.#logger = logger;
  }

  static fromConfig(config: MlflowModelRegistryConfig): MlflowModelRegistry {
    const bad = (reason: string): ModelRegistryError => new ModelRegistryError('REGISTRY_BAD_INPUT', { reason: `config: ${reason}` });
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw bad(`url is not a URL: ${JSON.stringify(config.url)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`url must be http(s), got ${url.protocol}`);
    if (url.search !== '' || url.hash !== '') throw bad('url must not carry a query or a fragment');
    // fetch refuses URLs with credentials, and they would end up in error messages and logs: `token` is the place.
    if (url.username !== '' || url.password !== '') throw bad('url must not carry credentials: set token');
    const timeout = (name: string, value: number | undefined, fallback: number): number => {
      const ms = value ?? fallback;
      if (!Number.isFinite(ms) || ms <= 0) throw bad(`${name} must be a positive number of milliseconds, got ${ms}`);
      return ms;
    };
    const http = new MlflowHttp({
      baseUrl: url.toString().replace(/\/+$/, ''),
      requestTimeoutMs: timeout('requestTimeoutMs', config.requestTimeoutMs, 10_000),
      artifactTimeoutMs: timeout('artifactTimeoutMs', config.artifactTimeoutMs, 120_000),
      ...(config.token === undefined ? {} : { token: config.token }),
    });
    return new MlflowModelRegistry(http, config.logger ?? silentLogger());
  }

  async startRun(experiment: string, options: StartRunOptions = {}): Promise<TrainingRun> {
    assertValidName('experiment', experiment);
    const params = normalizeParams(options.params);
    const tags = normalizeTags(options.tags);
    const experimentId = await this.#experiments.id(experiment);
    const { run } = await this.#http.post(
      'runs/create',
      { experiment_id: experimentId, start_time: Date.now(), tags: pairs(tags) },
      runResponse,
    );
    const runId = run.info.run_id;
    const artifactRoot = proxiedPath(run.info.artifact_uri);
    if (Object.keys(params).length > 0) {
      try {
        await this.#http.post('runs/log-batch', { run_id: runId, params: pairs(params) }, emptyResponse);
      } catch (error) {
        // Nobody holds a handle to this run: end it rather than leave it RUNNING forever.
        await this.#http
          .post('runs/update', { run_id: runId, status: 'FAILED', end_time: Date.now() }, emptyResponse)
          .catch(() => undefined);
        throw error;
      }
    }
    return new RunHandle(runId, experiment, {
      logMetrics: async (points) => {
        await this.#http.post('runs/log-batch', { run_id: runId, metrics: points }, emptyResponse);
      },
      logArtifact: (path, bytes) => this.#http.putArtifact(`${artifactRoot}/${path}`, bytes),
      end: async (status, endedAt) => {
        await this.#http.post('runs/update', { run_id: runId, status, end_time: endedAt }, emptyResponse);
      },
    });
  }

  async getRun(runId: string): Promise<RunRecord> {
    assertValidRunId(runId);
    const run = await this.#run(runId);
    const experiment = await this.#experiments.name(run.info.experiment_id);
    const status: RunStatus = run.info.status === 'SCHEDULED' ? 'RUNNING' : run.info.status;
    return {
      id: run.info.run_id,
      experiment,
      status,
      params: run.data?.params ?? {},
      metrics: runMetrics(run),
      tags: ownTags(run.data?.tags),
      startedAt: run.info.start_time,
      ...(run.info.end_time === undefined ? {} : { endedAt: run.info.end_time }),
    };
  }

  async registerVersion(model: string, runId: string, artifactPath: string, tags: Tags = {}): Promise<ModelVersion> {
    assertValidName('model', model);
    assertValidRunId(runId);
    assertValidArtifactPath(artifactPath);
    const versionTags = normalizeTags(tags);
    const run = await this.#run(runId);
    await this.#requireArtifact(run, artifactPath);
    const body = { name: model, source: `${run.info.artifact_uri}/${artifactPath}`, run_id: runId, tags: pairs(versionTags) };
    let created: MlflowModelVersion;
    try {
      ({ model_version: created } = await this.#http.post('model-versions/create', body, modelVersionResponse));
    } catch (error) {
      if (!isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) throw error;
      // The model's first version: create the model (someone else may just have) and register again.
      await this.#http.post('registered-models/create', { name: model }, emptyResponse).catch((failure: unknown) => {
        if (!isModelRegistryError(failure, 'REGISTRY_CONFLICT')) throw failure;
      });
      ({ model_version: created } = await this.#http.post('model-versions/create', body, modelVersionResponse));
    }
    return toVersion(created, run);
  }

  async getVersion(model: string, version: number): Promise<ModelVersion> {
    assertValidName('model', model);
    assertValidVersion(version);
    const found = await this.#modelVersion(model, version);
    return toVersion(found, found.run_id ? await this.#run(found.run_id) : undefined);
  }

  async setAlias(model: string, alias: string, version: number): Promise<void> {
    assertValidName('model', model);
    assertValidAlias(alias);
    assertValidVersion(version);
    await this.#http.post('registered-models/alias', { name: model, alias, version: String(version) }, emptyResponse);
  }

  async getVersionByAlias(model: string, alias: string): Promise<ModelVersion> {
    assertValidName('model', model);
    assertValidAlias(alias);
    // Through the model's alias list rather than GET registered-models/alias, which answers a missing alias with a
    // 400 INVALID_PARAMETER_VALUE that only its message tells apart from a malformed request.
    const target = (await this.#aliases(model)).get(alias);
    if (target === undefined) throw new ModelRegistryError('REGISTRY_NOT_FOUND', { model, alias, reason: 'no such alias' });
    return this.getVersion(model, target);
  }

  async listVersions(model: string): Promise<ModelVersion[]> {
    assertValidName('model', model);
    const aliases = await this.#aliases(model);
    const found: MlflowModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const query: Record<string, string> = { filter: `name='${model}'`, max_results: '1000', order_by: 'version_number ASC' };
      if (pageToken !== undefined) query.page_token = pageToken;
      const page = await this.#http.get('model-versions/search', query, searchModelVersionsResponse);
      found.push(...(page.model_versions ?? []));
      pageToken = page.next_page_token || undefined;
    } while (pageToken !== undefined);
    const runs = await this.#runsOf(found);
    return found
      .map((each) => {
        // Search results carry no aliases (MLflow 3.17): they come from the model's list.
        const pointing = [...aliases].filter(([, version]) => version === each.version).map(([alias]) => alias);
        return toVersion({ ...each, aliases: pointing }, each.run_id ? runs.get(each.run_id) : undefined);
      })
      .sort((a, b) => a.version - b.version);
  }

  async downloadArtifact(version: Pick<ModelVersion, 'model' | 'version'>): Promise<Uint8Array> {
    assertValidName('model', version.model);
    assertValidVersion(version.version);
    const found = await this.#modelVersion(version.model, version.version);
    return this.#http.getArtifact(proxiedPath(found.source));
  }

  watchAlias(model: string, alias: string, intervalMs: number, onChange: AliasChangeHandler, options?: WatchAliasOptions): StopWatching {
    return pollAliasLogged(this, this.#logger, model, alias, intervalMs, onChange, options);
  }

  async ping(): Promise<HealthCheckResult> {
    const started = performance.now();
    try {
      const answer = await this.#http.health();
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      return answer.trim() === 'OK'
        ? { status: 'UP', details: { latencyMs } }
        : { status: 'DOWN', details: { answer: answer.slice(0, 100) } };
    } catch (error) {
      return { status: 'DOWN', details: { error: (error as Error).message } };
    }
  }

  async #run(runId: string): Promise<MlflowRun> {
    try {
      return (await this.#http.get('runs/get', { run_id: runId }, runResponse)).run;
    } catch (error) {
      if (isModelRegistryError(error, 'REGISTRY_NOT_FOUND'))
        throw new ModelRegistryError('REGISTRY_NOT_FOUND', { runId, reason: 'no such run' });
      throw error;
    }
  }

  /** Each distinct run once, a few at a time. */
  async #runsOf(versions: readonly MlflowModelVersion[]): Promise<Map<string, MlflowRun>> {
    const ids = [...new Set(versions.flatMap((each) => (each.run_id ? [each.run_id] : [])))];
    const runs = new Map<string, MlflowRun>();
    for (let i = 0; i < ids.length; i += RUN_READ_CONCURRENCY) {
      const batch = await Promise.all(ids.slice(i, i + RUN_READ_CONCURRENCY).map((id) => this.#run(id)));
      for (const run of batch) runs.set(run.info.run_id, run);
    }
    return runs;
  }

  async #modelVersion(model: string, version: number): Promise<MlflowModelVersion> {
    try {
      return (await this.#http.get('model-versions/get', { name: model, version: String(version) }, modelVersionResponse)).model_version;
    } catch (error) {
      if (isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) throw new ModelRegistryError('REGISTRY_NOT_FOUND', { model, version });
      throw error;
    }
  }

  async #aliases(model: string): Promise<Map<string, number>> {
    try {
      const { registered_model: found } = await this.#http.get('registered-models/get', { name: model }, registeredModelResponse);
      return new Map((found.aliases ?? []).map(({ alias, version }) => [alias, version]));
    } catch (error) {
      if (isModelRegistryError(error, 'REGISTRY_NOT_FOUND'))
        throw new ModelRegistryError('REGISTRY_NOT_FOUND', { model, reason: 'no such model' });
      throw error;
    }
  }

  /** The proxy lists a folder; a missing folder is an empty listing. */
  async #requireArtifact(run: MlflowRun, path: string): Promise<void> {
    const slash = path.lastIndexOf('/');
    const folder = `${proxiedPath(run.info.artifact_uri)}${slash < 0 ? '' : `/${path.slice(0, slash)}`}`;
    const { files = [] } = await this.#http.getArtifactJson({ path: folder }, artifactListResponse);
    const name = path.slice(slash + 1);
    if (!files.some((file) => file.path === name && file.is_dir !== true)) {
      throw new ModelRegistryError('REGISTRY_NOT_FOUND', { runId: run.info.run_id, path, reason: 'the run logged no such artifact file' });
    }
  }
}
