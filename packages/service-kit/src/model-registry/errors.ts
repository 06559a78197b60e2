/**
 * Stable codes of model-registry failures. Like CacheError they are not (yet) in @vigie/contracts' ERROR_CODES, so
 * this is a plain Error with a `code`; callers switch on `code`, never on the message. Both adapters throw the same
 * code for the same situation: the contract suite checks it.
 */
export type ModelRegistryErrorCode =
  /** No such run, registered model, version, alias or artifact. */
  | 'REGISTRY_NOT_FOUND'
  /** The request contradicts what is stored: logging to a run that has ended, ending it twice. */
  | 'REGISTRY_CONFLICT'
  /** The registry could not answer: server down, timeout, 5xx, refused credentials, disk failure. Worth a retry. */
  | 'REGISTRY_UNAVAILABLE'
  /** A malformed name, id, key, value, path or configuration: retrying the same call cannot succeed. */
  | 'REGISTRY_BAD_INPUT';

export interface ModelRegistryErrorDetails {
  readonly model?: string;
  readonly version?: number;
  readonly alias?: string;
  readonly runId?: string;
  readonly path?: string;
  readonly reason?: string;
}

export class ModelRegistryError extends Error {
  readonly code: ModelRegistryErrorCode;
  readonly details: ModelRegistryErrorDetails;

  constructor(code: ModelRegistryErrorCode, details: ModelRegistryErrorDetails = {}, options?: { cause?: unknown }) {
    const where = [
      details.model,
      details.version === undefined ? undefined : `v${details.version}`,
      details.alias === undefined ? undefined : `@${details.alias}`,
      details.runId === undefined ? undefined : `run ${details.runId}`,
      details.path,
    ]
      .filter((part) => part !== undefined)
      .join(' ');
    super(`${code}${where ? `: ${where}` : ''}${details.reason ? ` (${details.reason})` : ''}`, options);
    this.name = 'ModelRegistryError';
    this.code = code;
    this.details = details;
  }
}

export function isModelRegistryError(error: unknown, code?: ModelRegistryErrorCode): error is ModelRegistryError {
  return error instanceof ModelRegistryError && (code === undefined || error.code === code);
}
