import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HealthCheckResult } from '../http/health';
import { silentLogger, type Logger } from '../logger';
import { KeyedMutex } from '../object-store/keyed-mutex';
import { isModelRegistryError, ModelRegistryError } from './errors';
import { isMissing, RegistryFiles, type RunFile, type VersionFile } from './local-files';
import type {
  AliasChangeHandler,
  ModelRegistry,
  ModelVersion,
  RunEndStatus,
  RunRecord,
  StartRunOptions,
  StopWatching,
  Tags,
  TrainingRun,
  WatchAliasOptions,
} from './model-registry';
import { latestMetrics, RunHandle, type MetricPoint } from './run-handle';
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

export interface LocalModelRegistryConfig {
  /** Created when missing; e.g. `.vigie/data/models`. */
  readonly directory: string;
  /** fsync each file before it becomes visible, so a power cut cannot leave a truncated one. Default true. */
  readonly fsync?: boolean;
  /** Where watchAlias reports failed polls when the caller gives no `onError`. */
  readonly logger?: Logger;
}

/**
 * The embedded adapter: plain JSON and artifact files under one directory, readable with ordinary tools —
 *
 *     runs/<run id>/run.json             experiment, status, params, tags, times
 *     runs/<run id>/metrics.json         every logged point
 *     runs/<run id>/artifacts/<path>     the files the run logged
 *     models/<name>/versions/<n>.json    what version n serves
 *     models/<name>/aliases.json         alias → version
 *
 * Every file is replaced by rename, and writes that read a file first (metrics, aliases, run state) are serialised
 * per run or per model within the process, so two writers in one process never lose each other's update. Version
 * numbers are claimed with an exclusive create, which holds across processes too; the rest assumes one process.
 */
export class LocalModelRegistry implements ModelRegistry {
  readonly #files: RegistryFiles;
  readonly #logger: Logger;
  readonly #locks = new KeyedMutex();

  private constructor(config: LocalModelRegistryConfig) {
    this.#files = new RegistryFiles(resolve(config.directory), config.fsync ?? true);
    this.#logger = config.logger ?? silentLogger();
  }

  static fromConfig(config: LocalModelRegistryConfig): LocalModelRegistry {
    if (typeof config.directory !== 'string' || config.directory.length === 0) {
      throw new ModelRegistryError('REGISTRY_BAD_INPUT', { reason: 'config: directory must be a non-empty path' });
    }
    return new LocalModelRegistry(config);
  }

  async startRun(experiment: string, options: StartRunOptions = {}): Promise<TrainingRun> {
    assertValidName('experiment', experiment);
    const params = normalizeParams(options.params);
    const tags = normalizeTags(options.tags);
    const id = randomUUID().replaceAll('-', '');
    const run: RunFile = { id, experiment, status: 'RUNNING', startedAt: Date.now(), params, tags };
    await this.#io(() => this.#files.write(this.#files.runPath(id, 'run.json'), JSON.stringify(run)));
    return new RunHandle(id, experiment, {
      logMetrics: (points) => this.#io(() => this.#appendMetrics(id, points)),
      logArtifact: (path, bytes) => this.#io(() => this.#writeArtifact(id, path, bytes)),
      end: (status, endedAt) => this.#io(() => this.#endRun(id, status, endedAt)),
    });
  }

  async getRun(runId: string): Promise<RunRecord> {
    assertValidRunId(runId);
    return this.#io(async () => {
      const run = await this.#files.readRun(runId);
      const metrics = latestMetrics(await this.#files.readMetrics(runId));
      return { ...run, metrics };
    });
  }

  async registerVersion(model: string, runId: string, artifactPath: string, tags: Tags = {}): Promise<ModelVersion> {
    assertValidName('model', model);
    assertValidRunId(runId);
    assertValidArtifactPath(artifactPath);
    const versionTags = normalizeTags(tags);
    return this.#io(async () => {
      await this.#files.readRun(runId);
      await this.#files.requireArtifact(runId, artifactPath);
      const record = await this.#locks.run(`model:${model}`, async () => {
        let version = (await this.#files.versionNumbers(model)).at(-1) ?? 0;
        for (;;) {
          version += 1;
          const file: VersionFile = { version, runId, artifactPath, tags: versionTags, createdAt: Date.now() };
          // Another process may have claimed this number since the listing: take the next one.
          if (await this.#files.claimVersion(model, file)) return file;
        }
      });
      return this.#toVersion(model, record, await this.#files.readAliases(model));
    });
  }

  async getVersion(model: string, version: number): Promise<ModelVersion> {
    assertValidName('model', model);
    assertValidVersion(version);
    return this.#io(async () =>
      this.#toVersion(model, await this.#files.readVersion(model, version), await this.#files.readAliases(model)),
    );
  }

  async setAlias(model: string, alias: string, version: number): Promise<void> {
    assertValidName('model', model);
    assertValidAlias(alias);
    assertValidVersion(version);
    await this.#io(() =>
      this.#locks.run(`model:${model}`, async () => {
        await this.#files.readVersion(model, version);
        const aliases = { ...(await this.#files.readAliases(model)), [alias]: version };
        await this.#files.write(this.#files.modelPath(model, 'aliases.json'), JSON.stringify(aliases));
      }),
    );
  }

  async getVersionByAlias(model: string, alias: string): Promise<ModelVersion> {
    assertValidName('model', model);
    assertValidAlias(alias);
    return this.#io(async () => {
      await this.#files.requireModel(model);
      const aliases = await this.#files.readAliases(model);
      const version = aliases[alias];
      if (version === undefined) throw new ModelRegistryError('REGISTRY_NOT_FOUND', { model, alias, reason: 'no such alias' });
      return this.#toVersion(model, await this.#files.readVersion(model, version), aliases);
    });
  }

  async listVersions(model: string): Promise<ModelVersion[]> {
    assertValidName('model', model);
    return this.#io(async () => {
      await this.#files.requireModel(model);
      const aliases = await this.#files.readAliases(model);
      const records = await Promise.all(
        (await this.#files.versionNumbers(model)).map((version) => this.#files.readVersion(model, version)),
      );
      return Promise.all(records.map((record) => this.#toVersion(model, record, aliases)));
    });
  }

  async downloadArtifact(version: Pick<ModelVersion, 'model' | 'version'>): Promise<Uint8Array> {
    assertValidName('model', version.model);
    assertValidVersion(version.version);
    return this.#io(async () => {
      const record = await this.#files.readVersion(version.model, version.version);
      try {
        const bytes = await readFile(this.#files.runPath(record.runId, 'artifacts', record.artifactPath));
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if (!isMissing(error)) throw error;
        throw new ModelRegistryError('REGISTRY_NOT_FOUND', { ...version, path: record.artifactPath, reason: 'artifact file missing' });
      }
    });
  }

  watchAlias(model: string, alias: string, intervalMs: number, onChange: AliasChangeHandler, options?: WatchAliasOptions): StopWatching {
    return pollAliasLogged(this, this.#logger, model, alias, intervalMs, onChange, options);
  }

  async ping(): Promise<HealthCheckResult> {
    try {
      await mkdir(this.#files.root, { recursive: true });
      return { status: 'UP', details: { directory: this.#files.root } };
    } catch (error) {
      return { status: 'DOWN', details: { directory: this.#files.root, error: (error as Error).message } };
    }
  }

  async #appendMetrics(runId: string, points: readonly MetricPoint[]): Promise<void> {
    await this.#locks.run(`run:${runId}`, async () => {
      const history = await this.#files.readMetrics(runId);
      await this.#files.write(this.#files.runPath(runId, 'metrics.json'), JSON.stringify([...history, ...points]));
    });
  }

  async #writeArtifact(runId: string, path: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.#files.write(this.#files.runPath(runId, 'artifacts', path), bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTDIR' && code !== 'EEXIST' && code !== 'EISDIR') throw error;
      throw new ModelRegistryError('REGISTRY_CONFLICT', { runId, path, reason: 'a path is both an artifact file and a folder of others' });
    }
  }

  async #endRun(runId: string, status: RunEndStatus, endedAt: number): Promise<void> {
    await this.#locks.run(`run:${runId}`, async () => {
      const run = await this.#files.readRun(runId);
      await this.#files.write(this.#files.runPath(runId, 'run.json'), JSON.stringify({ ...run, status, endedAt }));
    });
  }

  async #toVersion(model: string, record: VersionFile, aliases: Record<string, number>): Promise<ModelVersion> {
    const pointing = Object.keys(aliases).filter((alias) => aliases[alias] === record.version);
    return {
      model,
      version: record.version,
      runId: record.runId,
      artifactPath: record.artifactPath,
      tags: record.tags,
      aliases: pointing.sort(),
      metrics: latestMetrics(await this.#files.readMetrics(record.runId)),
      createdAt: record.createdAt,
    };
  }

  /** Our own errors pass through; a filesystem failure (permissions, full disk) is the registry being unavailable. */
  async #io<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      if (isModelRegistryError(error)) throw error;
      throw new ModelRegistryError('REGISTRY_UNAVAILABLE', { reason: (error as Error).message }, { cause: error });
    }
  }
}
