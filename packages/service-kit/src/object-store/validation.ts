import { createHash } from 'node:crypto';
import { ObjectStoreError } from './errors';
import type { PutObjectOptions } from './object-store';

const MAX_KEY_BYTES = 1024;
const MAX_METADATA_BYTES = 2048;
// S3's rule for new buckets (no dots: they break virtual-host TLS), which also keeps names safe as directory names.
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const METADATA_KEY = /^[a-z0-9][a-z0-9_-]*$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

export function assertValidBucket(bucket: string): void {
  if (!BUCKET_NAME.test(bucket)) {
    throw new ObjectStoreError('BUCKET_NAME_INVALID', {
      bucket,
      reason: '3-63 characters of a-z, 0-9 and -, starting and ending alphanumeric',
    });
  }
}

/**
 * Refuses keys that S3 accepts but a directory tree cannot hold faithfully, so that both adapters accept exactly
 * the same keys: empty, absolute, `a//b`, a trailing `/`, `.` or `..` segments (path traversal) and control
 * characters (which S3's XML listings cannot carry). Spaces and any Unicode are fine.
 */
export function assertValidKey(bucket: string, key: string): void {
  const refuse = (reason: string): never => {
    throw new ObjectStoreError('OBJECT_KEY_INVALID', { bucket, key, reason });
  };
  if (typeof key !== 'string' || key.length === 0) refuse('empty key');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) refuse(`longer than ${MAX_KEY_BYTES} bytes`);
  if (CONTROL.test(key)) refuse('control character');
  if (key.startsWith('/') || key.endsWith('/')) refuse('leading or trailing /');
  for (const segment of key.split('/')) {
    if (segment === '') refuse('empty path segment');
    if (segment === '.' || segment === '..') refuse('. or .. segment');
  }
}

/** S3 lower-cases metadata keys and sends values as HTTP headers; refusing what it would alter keeps round trips exact. */
export function assertValidPutOptions(bucket: string, key: string, options: PutObjectOptions): void {
  const refuse = (reason: string): never => {
    throw new ObjectStoreError('OBJECT_METADATA_INVALID', { bucket, key, reason });
  };
  if (options.contentType !== undefined && (!PRINTABLE_ASCII.test(options.contentType) || options.contentType === '')) {
    refuse('content type must be non-empty printable ASCII');
  }
  let bytes = 0;
  for (const [name, value] of Object.entries(options.metadata ?? {})) {
    if (!METADATA_KEY.test(name)) refuse(`metadata key ${JSON.stringify(name)}: use lower-case a-z, 0-9, - and _`);
    if (typeof value !== 'string' || !PRINTABLE_ASCII.test(value)) refuse(`metadata ${name}: value must be printable ASCII`);
    if (value !== value.trim()) refuse(`metadata ${name}: HTTP trims leading and trailing spaces`);
    bytes += name.length + value.length;
  }
  if (bytes > MAX_METADATA_BYTES) refuse(`metadata larger than ${MAX_METADATA_BYTES} bytes`);
}

export function md5Hex(body: Uint8Array): string {
  return createHash('md5').update(body).digest('hex');
}
