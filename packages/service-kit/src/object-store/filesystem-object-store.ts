import { mkdir, readFile, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { isAbsentPath, moveIntoPlace, pruneEmptyFolders, writeTempFile } from './atomic-files';
import { ObjectStoreError } from './errors';
import { objectPaths } from './filesystem-paths';
import { walkObjects } from './filesystem-listing';
import { KeyedMutex } from './keyed-mutex';
import {
  DEFAULT_CONTENT_TYPE,
  type ObjectBody,
  type ObjectHead,
  type ObjectListEntry,
  type ObjectStore,
  type PutObjectOptions,
  type PutObjectResult,
} from './object-store';
import { assertValidBucket, assertValidPutOptions, md5Hex } from './validation';

export interface FilesystemObjectStoreConfig {
  /** Holds one directory per bucket, plus `.meta` (sidecars) and `.tmp`: bucket names cannot start with a dot. */
  readonly root: string;
  /** fsync each object before it becomes visible, so a power cut cannot leave a truncated file. Default true. */
  readonly fsync?: boolean;
}

/** What the sidecar JSON holds; `size` and `mtimeMs` tie it to the exact data file it describes. */
interface Sidecar {
  etag: string;
  contentType: string;
  metadata: Record<string, string>;
  size: number;
  mtimeMs: number;
}

/**
 * The embedded adapter: bucket `b`, key `x/y.parquet` is the file `<root>/b/x/y.parquet`, readable with ordinary
 * tools; its metadata is the JSON file `<root>/.meta/b/x/y.parquet`. Each file is written to `.tmp` then renamed into
 * place, so a reader sees the old or the new version, never a partial one.
 */
export class FilesystemObjectStore implements ObjectStore {
  readonly #root: string;
  readonly #fsync: boolean;
  readonly #locks = new KeyedMutex();
  readonly #tempDir: string;

  private constructor(root: string, fsync: boolean) {
    this.#root = root;
    this.#fsync = fsync;
    this.#tempDir = join(root, '.tmp');
  }

  static fromConfig(config: FilesystemObjectStoreConfig): FilesystemObjectStore {
    return new FilesystemObjectStore(resolve(config.root), config.fsync ?? true);
  }

  async ensureBucket(name: string): Promise<void> {
    assertValidBucket(name);
    await mkdir(join(this.#root, name), { recursive: true });
  }

  async put(bucket: string, key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<PutObjectResult> {
    const paths = objectPaths(this.#root, bucket, key);
    assertValidPutOptions(bucket, key, options);
    await this.#requireBucket(bucket);
    const etag = md5Hex(body);
    await this.#locks.run(paths.lockKey, async () => {
      const data = await writeTempFile(this.#tempDir, body, this.#fsync);
      const { size, mtimeMs } = await stat(data);
      const sidecar: Sidecar = {
        etag,
        contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
        metadata: { ...options.metadata },
        size,
        mtimeMs,
      };
      const meta = await writeTempFile(this.#tempDir, Buffer.from(JSON.stringify(sidecar)), this.#fsync);
      try {
        await moveIntoPlace(data, paths.data, bucket, key);
        await moveIntoPlace(meta, paths.meta, bucket, key);
      } finally {
        await Promise.all([rm(data, { force: true }), rm(meta, { force: true })]);
      }
    });
    return { etag };
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const paths = objectPaths(this.#root, bucket, key);
    return this.#locks.run(paths.lockKey, async () => {
      try {
        return await readFile(paths.data);
      } catch (error) {
        if (!isAbsentPath(error)) throw error;
        await this.#requireBucket(bucket);
        throw new ObjectStoreError('OBJECT_NOT_FOUND', { bucket, key }, { cause: error });
      }
    });
  }

  async head(bucket: string, key: string): Promise<ObjectHead | null> {
    const paths = objectPaths(this.#root, bucket, key);
    return this.#locks.run(paths.lockKey, async () => {
      const info = await stat(paths.data).catch((error: unknown) => {
        if (isAbsentPath(error)) return null;
        throw error;
      });
      if (info === null || !info.isFile()) return null;
      const sidecar = await readFile(paths.meta, 'utf8').then(
        (text) => JSON.parse(text) as Sidecar,
        () => null,
      );
      // A sidecar that does not describe this very file (a crash between the two renames, or a file copied in by
      // hand) is not trusted: the bytes are, so the ETag is recomputed and the metadata reported as absent.
      const current = sidecar !== null && sidecar.size === info.size && sidecar.mtimeMs === info.mtimeMs;
      return {
        size: info.size,
        etag: current ? sidecar.etag : md5Hex(await readFile(paths.data)),
        lastModified: info.mtime,
        contentType: current ? sidecar.contentType : DEFAULT_CONTENT_TYPE,
        metadata: current ? sidecar.metadata : {},
      };
    });
  }

  async *list(bucket: string, prefix = ''): AsyncIterable<ObjectListEntry> {
    assertValidBucket(bucket);
    await this.#requireBucket(bucket);
    yield* walkObjects(join(this.#root, bucket), prefix);
  }

  async delete(bucket: string, key: string): Promise<void> {
    const paths = objectPaths(this.#root, bucket, key);
    await this.#requireBucket(bucket);
    await this.#locks.run(paths.lockKey, async () => {
      for (const file of [paths.data, paths.meta]) {
        await unlink(file).catch((error: unknown) => {
          if (!isAbsentPath(error)) throw error;
        });
      }
      // Empty folders left behind would keep `a` from ever becoming an object again once `a/b` is gone.
      await pruneEmptyFolders(dirname(paths.data), join(this.#root, bucket));
      await pruneEmptyFolders(dirname(paths.meta), join(this.#root, '.meta', bucket));
    });
  }

  async close(): Promise<void> {}

  async #requireBucket(bucket: string): Promise<void> {
    const info = await stat(join(this.#root, bucket)).catch(() => null);
    if (!info?.isDirectory()) throw new ObjectStoreError('BUCKET_NOT_FOUND', { bucket });
  }
}
