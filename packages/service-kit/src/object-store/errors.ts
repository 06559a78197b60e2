/**
 * Stable codes of object-store failures. They are not (yet) in @vigie/contracts' ERROR_CODES, so this is a plain
 * Error with a `code`; callers switch on `code`, never on the message.
 */
export type ObjectStoreErrorCode =
  | 'OBJECT_NOT_FOUND'
  | 'BUCKET_NOT_FOUND'
  | 'BUCKET_NAME_INVALID'
  | 'OBJECT_KEY_INVALID'
  /** Filesystem adapter only: `a/b` cannot be stored while `a` is an object, or the reverse. */
  | 'OBJECT_KEY_CONFLICT'
  | 'OBJECT_METADATA_INVALID';

export interface ObjectStoreErrorDetails {
  readonly bucket?: string;
  readonly key?: string;
  readonly reason?: string;
}

export class ObjectStoreError extends Error {
  readonly code: ObjectStoreErrorCode;
  readonly details: ObjectStoreErrorDetails;

  constructor(code: ObjectStoreErrorCode, details: ObjectStoreErrorDetails, options?: { cause?: unknown }) {
    const where = [details.bucket, details.key].filter((p) => p !== undefined).join('/');
    super(`${code}${where ? `: ${where}` : ''}${details.reason ? ` (${details.reason})` : ''}`, options);
    this.name = 'ObjectStoreError';
    this.code = code;
    this.details = details;
  }
}

export function isObjectStoreError(error: unknown, code?: ObjectStoreErrorCode): error is ObjectStoreError {
  return error instanceof ObjectStoreError && (code === undefined || error.code === code);
}
