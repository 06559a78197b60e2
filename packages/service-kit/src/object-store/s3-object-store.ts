import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DEFAULT_CONTENT_TYPE,
  type ObjectBody,
  type ObjectHead,
  type ObjectListEntry,
  type ObjectStore,
  type PutObjectOptions,
  type PutObjectResult,
} from './object-store';
import { isS3Status, s3ErrorName, translateS3Error, unquoteEtag } from './s3-errors';
import { assertValidBucket, assertValidKey, assertValidPutOptions } from './validation';

export interface S3ObjectStoreConfig {
  /** e.g. `http://127.0.0.1:19000`; omit for AWS itself. */
  readonly endpoint?: string;
  readonly region: string;
  readonly accessKeyId: string;
  /** Secret. */
  readonly secretAccessKey: string;
  /** `true` for most self-hosted servers (Versity Gateway, SeaweedFS, MinIO): bucket in the path, not the host. */
  readonly forcePathStyle?: boolean;
  /** Attempts per request, with the SDK's backoff. Default 3. */
  readonly maxAttempts?: number;
  /** Milliseconds. Default 5,000 to connect and 60,000 per request. */
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** The distributed adapter: any S3 API through @aws-sdk/client-s3. Built from config only, never from the environment. */
export class S3ObjectStore implements ObjectStore {
  readonly #client: S3Client;
  readonly #region: string;

  private constructor(client: S3Client, region: string) {
    this.#client = client;
    this.#region = region;
  }

  static fromConfig(config: S3ObjectStoreConfig): S3ObjectStore {
    const client = new S3Client({
      ...(config.endpoint !== undefined ? { endpoint: config.endpoint } : {}),
      region: config.region,
      forcePathStyle: config.forcePathStyle ?? false,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      maxAttempts: config.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: config.connectionTimeoutMs ?? 5_000, requestTimeout: config.requestTimeoutMs ?? 60_000 },
    });
    return new S3ObjectStore(client, config.region);
  }

  async ensureBucket(name: string): Promise<void> {
    assertValidBucket(name);
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: name }));
      return;
    } catch (error) {
      if (!isS3Status(error, 404)) throw error;
    }
    // us-east-1 is the one region S3 refuses as an explicit location constraint.
    const location =
      this.#region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: this.#region as BucketLocationConstraint } };
    try {
      await this.#client.send(new CreateBucketCommand({ Bucket: name, ...location }));
    } catch (error) {
      // Another caller created it between our HEAD and CREATE: that is the state we wanted.
      if (s3ErrorName(error) !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  async put(bucket: string, key: string, body: ObjectBody, options: PutObjectOptions = {}): Promise<PutObjectResult> {
    this.#check(bucket, key);
    assertValidPutOptions(bucket, key, options);
    try {
      const out = await this.#client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: body.byteLength,
          ContentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
          Metadata: { ...options.metadata },
        }),
      );
      return { etag: unquoteEtag(out.ETag) };
    } catch (error) {
      throw translateS3Error(error, bucket, key);
    }
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    this.#check(bucket, key);
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = await out.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      throw translateS3Error(error, bucket, key);
    }
  }

  async head(bucket: string, key: string): Promise<ObjectHead | null> {
    this.#check(bucket, key);
    try {
      const out = await this.#client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        etag: unquoteEtag(out.ETag),
        lastModified: out.LastModified ?? new Date(0),
        contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
        metadata: { ...out.Metadata },
      };
    } catch (error) {
      // HEAD responses have no body, so a missing bucket and a missing key both arrive as a bare 404.
      if (isS3Status(error, 404)) return null;
      throw error;
    }
  }

  async *list(bucket: string, prefix = ''): AsyncIterable<ObjectListEntry> {
    assertValidBucket(bucket);
    let token: string | undefined;
    do {
      const page = await this.#client
        .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token !== undefined ? { ContinuationToken: token } : {}) }))
        .catch((error: unknown) => {
          throw translateS3Error(error, bucket);
        });
      for (const item of page.Contents ?? []) {
        yield { key: item.Key ?? '', size: item.Size ?? 0, lastModified: item.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.#check(bucket, key);
    try {
      await this.#client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw translateS3Error(error, bucket, key);
    }
  }

  async close(): Promise<void> {
    this.#client.destroy();
  }

  #check(bucket: string, key: string): void {
    assertValidBucket(bucket);
    assertValidKey(bucket, key);
  }
}
