import { join, sep } from 'node:path';
import { ObjectStoreError } from './errors';
import { assertValidBucket, assertValidKey } from './validation';

const MAX_SEGMENT_BYTES = 255; // NAME_MAX of ext4, xfs and most others

export interface ObjectPaths {
  /** The object's bytes: `<root>/<bucket>/<key>`. */
  readonly data: string;
  /** Its sidecar JSON: `<root>/.meta/<bucket>/<key>`. */
  readonly meta: string;
  /** Serialises in-process access to one object. */
  readonly lockKey: string;
}

/** Validates bucket and key, then maps them to files that cannot lie outside the bucket's folders. */
export function objectPaths(root: string, bucket: string, key: string): ObjectPaths {
  assertValidBucket(bucket);
  assertValidKey(bucket, key);
  const segments = key.split('/');
  if (segments.some((s) => Buffer.byteLength(s, 'utf8') > MAX_SEGMENT_BYTES)) {
    throw new ObjectStoreError('OBJECT_KEY_INVALID', { bucket, key, reason: `a path segment is longer than ${MAX_SEGMENT_BYTES} bytes` });
  }
  const bucketDir = join(root, bucket);
  const data = join(bucketDir, ...segments);
  // Defence in depth behind assertValidKey: whatever the key, the file stays inside its bucket.
  if (!data.startsWith(bucketDir + sep)) throw new ObjectStoreError('OBJECT_KEY_INVALID', { bucket, key, reason: 'escapes the bucket' });
  // The sidecar tree mirrors the data tree name for name, so it can only clash where the data tree already does.
  return { data, meta: join(root, '.meta', bucket, ...segments), lockKey: `${bucket}/${key}` };
}
