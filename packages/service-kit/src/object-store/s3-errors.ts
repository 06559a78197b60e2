import { ObjectStoreError } from './errors';

/** The AWS SDK's error shape, as far as the adapter reads it. */
interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const sdkError = (error: unknown): SdkError => (typeof error === 'object' && error !== null ? (error as SdkError) : {});

export const s3ErrorName = (error: unknown): string | undefined => sdkError(error).name;

export const isS3Status = (error: unknown, status: number): boolean => sdkError(error).$metadata?.httpStatusCode === status;

/** S3 quotes ETags (`"d41d8…"`); the port returns the bare hex, as the filesystem adapter does. */
export const unquoteEtag = (etag: string | undefined): string => (etag ?? '').replace(/^"|"$/g, '');

/** Maps S3's "not found" errors to the port's codes; anything else (auth, network, throttling) passes untouched. */
export function translateS3Error(error: unknown, bucket: string, key?: string): unknown {
  const name = s3ErrorName(error);
  if (name === 'NoSuchBucket') return new ObjectStoreError('BUCKET_NOT_FOUND', { bucket }, { cause: error });
  if (name === 'NoSuchKey' || (key !== undefined && isS3Status(error, 404))) {
    return new ObjectStoreError('OBJECT_NOT_FOUND', { bucket, ...(key !== undefined ? { key } : {}) }, { cause: error });
  }
  return error;
}
