import { ERROR_CODES, type ErrorCode } from '@vigie/contracts';

/** A domain or request error with a stable code; the HTTP layer maps it in one place (http/error-handler.ts). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = details;
  }
}

export class NotFoundError extends AppError {
  constructor(code: ErrorCode = 'NOT_FOUND', details?: unknown, message?: string) {
    super(code, message, details);
  }
}

export class ConflictError extends AppError {
  constructor(code: ErrorCode = 'CONFLICT', details?: unknown, message?: string) {
    super(code, message, details);
  }
}
