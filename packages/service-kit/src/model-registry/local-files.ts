import { link, mkdir, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeTempFile } from '../object-store/atomic-files';
import { ModelRegistryError } from './errors';
import type { RunStatus } from './model-registry';
import type { MetricPoint } from './run-handle';

/**
 * The files of LocalModelRegistry. Every write goes to a temporary file in the registry's own `.tmp` folder
 * (same filesystem) and is then moved into place, so a reader, or a crash, sees the old file or the new one, never
 * a partial one.
 */

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

export function isMissing(error: unknown): boolean {
  const code = errno(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The parsed file, or `undefined` when it does not exist. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** Replaces `target` atomically (rename). */
export async function writeAtomic(tempDir: string, target: string, body: Uint8Array | string, fsync: boolean): Promise<void> {
  const temp = await writeTempFile(tempDir, typeof body === 'string' ? Buffer.from(body) : body, fsync);
  try {
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates `target` with `body` only if it does not exist yet: `false` when it does. A hard link fails on an
 * existing name where a rename would replace it, so this holds even against another process.
 */
export async function createExclusive(tempDir: string, target: string, body: string, fsync: boolean): Promise<boolean> {
  const temp = await writeTempFile(tempDir, Buffer.from(body), fsync);
  try {
    await mkdir(dirname(target), { recursive: true });
    await link(temp, target);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export interface RunFile {
  id: string;
  experiment: string;
  status: RunStatus;
  startedAt: number;
  endedAt?: number;
  params: Record<string, string>;
  tags: Record<string, string>;
}

export interface VersionFile {
  version: number;
  runId: string;
  artifactPath: string;
  tags: Record<string, string>;
  createdAt: number;
}

/** Where LocalModelRegistry keeps what, and how each file is read: see the layout in its class comment. */
export class RegistryFiles {
  readonly tempDir: string;

  constructor(
    readonly root: string,
    private readonly fsync: boolean,
  ) {
    this.tempDir = join(root, '.tmp');
  }

  runPath(runId: string, ...rest: string[]): string {
    return join(this.root, 'runs', runId, ...rest);
  }

  modelPath(model: string, ...rest: string[]): string {
    return join(this.root, 'models', model, ...rest);
  }

  write(target: string, body: Uint8Array | string): Promise<void> {
    return writeAtomic(this.tempDir, target, body, this.fsync);
  }

  /** `false` when another writer already holds that version number. */
  claimVersion(model: string, file: VersionFile): Promise<boolean> {
    return createExclusive(this.tempDir, this.modelPath(model, 'versions', `${file.version}.json`), JSON.stringify(file), this.fsync);
  }

  async readRun(runId: string): Promise<RunFile> {
    const run = await readJson<RunFile>(this.runPath(runId, 'run.json'));
    if (run === undefined) throw new ModelRegistryError('REGISTRY_NOT_FOUND', { runId, reason: 'no such run' });
    return run;
  }

  async readMetrics(runId: string): Promise<MetricPoint[]> {
    return (await readJson<MetricPoint[]>(this.runPath(runId, 'metrics.json'))) ?? [];
  }

  async readVersion(model: string, version: number): Promise<VersionFile> {
    const record = await readJson<VersionFile>(this.modelPath(model, 'versions', `${version}.json`));
    if (record !== undefined) return record;
    await this.requireModel(model);
    throw new ModelRegistryError('REGISTRY_NOT_FOUND', { model, version, reason: 'no such version' });
  }

  async readAliases(model: string): Promise<Record<string, number>> {
    return (await readJson<Record<string, number>>(this.modelPath(model, 'aliases.json'))) ?? {};
  }

  /** Registered version numbers, ascending. */
  async versionNumbers(model: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.modelPath(model, 'versions'));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return names
      .map((name) => /^(\d+)\.json$/.exec(name)?.[1])
      .filter((digits) => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** A model exists once it has a version. */
  async requireModel(model: string): Promise<void> {
    if ((await this.versionNumbers(model)).length === 0) {
      throw new ModelRegistryError('REGISTRY_NOT_FOUND', { model, reason: 'no such model' });
    }
  }

  async requireArtifact(runId: string, path: string): Promise<void> {
    const found = await stat(this.runPath(runId, 'artifacts', path)).then(
      (s) => s.isFile(),
      (error: unknown) => (isMissing(error) ? false : Promise.reject(error)),
    );
    if (!found) throw new ModelRegistryError('REGISTRY_NOT_FOUND', { runId, path, reason: 'the run logged no such artifact file' });
  }
}
