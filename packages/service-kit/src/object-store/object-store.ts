/**
 * The object-store port: buckets of immutable blobs addressed by key, as S3 defines them. The embedded profile
 * stores them in a local directory (FilesystemObjectStore), the distributed one on any S3 server (S3ObjectStore);
 * `describeObjectStoreContract` in @vigie/service-kit-testing holds both to the same behaviour.
 *
 * Keys are the portable subset both adapters can store faithfully: see `assertValidKey` in validation.ts.
 */

export type ObjectBody = Buffer | Uint8Array;

export interface PutObjectOptions {
  /** Stored and returned by `head`. Default `application/octet-stream`. */
  readonly contentType?: string;
  /** User metadata: lower-case keys and printable-ASCII values (S3 sends them as HTTP headers), 2 KB in all. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface PutObjectResult {
  /** The MD5 of the body in hex, without quotes (S3's ETag of a single-part upload). */
  readonly etag: string;
}

export interface ObjectHead {
  readonly size: number;
  readonly etag: string;
  readonly lastModified: Date;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface ObjectListEntry {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface ObjectStore {
  /** Creates the bucket when missing; safe to call concurrently and repeatedly. */
  ensureBucket(name: string): Promise<void>;
  /** Replaces the whole object, bytes and metadata, atomically: readers see the old or the new version. */
  put(bucket: string, key: string, body: ObjectBody, options?: PutObjectOptions): Promise<PutObjectResult>;
  /** Fails with OBJECT_NOT_FOUND (or BUCKET_NOT_FOUND) as an ObjectStoreError. */
  get(bucket: string, key: string): Promise<Buffer>;
  /** `null` when the object does not exist. */
  head(bucket: string, key: string): Promise<ObjectHead | null>;
  /** Every key starting with `prefix`, in UTF-8 byte order, fetched page by page as the caller iterates. */
  list(bucket: string, prefix?: string): AsyncIterable<ObjectListEntry>;
  /** Idempotent: deleting a missing object succeeds. */
  delete(bucket: string, key: string): Promise<void>;
  /** Releases connections; the store is unusable afterwards. */
  close(): Promise<void>;
}

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Drains `store.list` into an array: for tests and small prefixes only. */
export async function listAll(store: ObjectStore, bucket: string, prefix = ''): Promise<ObjectListEntry[]> {
  const out: ObjectListEntry[] = [];
  for await (const entry of store.list(bucket, prefix)) out.push(entry);
  return out;
}
