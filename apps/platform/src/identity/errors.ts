/** Stable codes of the embedded issuer's errors (CLI and startup); the login page never shows them to a user. */
export type IdentityErrorCode =
  | 'IDENTITY_USER_EXISTS'
  | 'IDENTITY_USER_NOT_FOUND'
  | 'IDENTITY_USER_NAME_INVALID'
  | 'IDENTITY_ROLE_INVALID'
  | 'IDENTITY_PASSWORD_TOO_SHORT'
  | 'IDENTITY_HASH_INVALID'
  | 'IDENTITY_CONFIG_INVALID';

export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(`${code}: ${message}`);
  }
}
