/**
 * Stable error codes. HTTP bodies and dead-letter headers carry one of these; clients may switch on them.
 * Never rename a code: add a new one.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON' },
  NOT_FOUND: { status: 404, message: 'No such resource' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route' },
  CONFLICT: { status: 409, message: 'The resource is in a state that does not allow this' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send application/json' },
  INTERNAL: { status: 500, message: 'Internal error' },
  UNAVAILABLE: { status: 503, message: 'A dependency is unavailable' },
  // API gateway (monitoring forwards /api/v1/... to the owning service).
  UPSTREAM_UNAVAILABLE: { status: 502, message: 'The service that owns this route did not answer' },
  UPSTREAM_CIRCUIT_OPEN: { status: 503, message: 'The service that owns this route is failing; retry after the Retry-After delay' },
  RATE_LIMITED: { status: 429, message: 'Too many requests from this client; retry after the Retry-After delay' },
  // Bearer-JWT authentication (service-kit http/auth.ts): every /api/v1 route and WebSocket when VIGIE_AUTH_ISSUER is set.
  AUTH_TOKEN_MISSING: { status: 401, message: 'A bearer token is required (Authorization: Bearer <jwt>)' },
  AUTH_TOKEN_EXPIRED: { status: 401, message: 'The bearer token has expired' },
  AUTH_TOKEN_INVALID: { status: 401, message: 'The bearer token is invalid (signature, issuer, audience or format)' },
  AUTH_ISSUER_UNAVAILABLE: { status: 503, message: "The token issuer's keys (JWKS) cannot be fetched" },
  // Service-to-service calls (service-kit clients/client-credentials.ts): the caller's own token could not be obtained.
  AUTH_CLIENT_CREDENTIALS_FAILED: {
    status: 503,
    message: 'This service could not obtain its access token from the issuer (client credentials)',
  },
  // RBAC (service-kit http/authorization.ts, matrix in packages/contracts/src/security/permissions.ts).
  AUTH_FORBIDDEN: { status: 403, message: 'Your roles do not grant the permission this route needs' },
  AUTH_NOT_ASSIGNED: { status: 403, message: 'Your roles only reach the work orders assigned to you' },
  // Secrets at rest (service-kit secrets module): configuration problems, never a client's fault.
  SECRET_KEY_MISSING: { status: 500, message: 'No data encryption key is configured (VIGIE_DATA_KEYS)' },
  SECRET_KEY_INVALID: {
    status: 500,
    message: 'A data encryption key is malformed (VIGIE_DATA_KEYS is id:base64 of 32 bytes, comma-separated)',
  },
  SECRET_KEY_UNKNOWN: { status: 500, message: 'A stored secret was sealed with a key that is not configured' },
  SECRET_ENVELOPE_INVALID: { status: 500, message: 'A stored secret is not a valid v1 envelope' },
  SECRET_DECRYPT_FAILED: { status: 500, message: 'A stored secret could not be decrypted (wrong key or tampered data)' },
  // Event-level codes (dead-letter reasons).
  EVENT_NOT_JSON: { status: 400, message: 'The message value is not JSON' },
  EVENT_ENVELOPE_INVALID: { status: 400, message: 'The message is not a valid CloudEvents envelope' },
  EVENT_TYPE_UNKNOWN: { status: 400, message: 'The event type is not one this topic carries' },
  EVENT_DATA_INVALID: { status: 400, message: 'The event data does not match its schema' },
  // Domain codes.
  ASSET_NOT_FOUND: { status: 404, message: 'No such asset' },
  WORK_ORDER_NOT_FOUND: { status: 404, message: 'No such work order' },
  WORK_ORDER_TRANSITION_INVALID: { status: 409, message: 'Illegal work-order status transition' },
  WORK_ORDER_CLOSURE_CODE_REQUIRED: { status: 400, message: 'Closing a work order (done) requires a closure code' },
  WORK_ORDER_CLOSURE_CODE_UNEXPECTED: { status: 400, message: 'A closure code only goes with the change to done' },
  WORK_ORDER_CANCEL_REASON_REQUIRED: { status: 400, message: 'Cancelling a work order requires a reason' },
  WORK_ORDER_CANCEL_REASON_UNEXPECTED: { status: 400, message: 'A cancel reason only goes with the change to cancelled' },
  RULES_INVALID: { status: 400, message: 'The orchestration rule set is invalid' },
  ANOMALY_BASELINE_MISSING: { status: 409, message: 'No baseline is fitted for this asset yet' },
  RUL_NOT_ENOUGH_HISTORY: { status: 422, message: 'Not enough health history to extrapolate' },
  INGESTION_SOURCE_UNAVAILABLE: { status: 503, message: 'The data source cannot be reached' },
  TRAINING_DATA_MISSING: { status: 422, message: 'No stored features to train on' },
  RUL_TRAINING_DATA_INVALID: { status: 400, message: 'The training data is not a valid run-to-failure file' },
  RUL_SERIES_INVALID: { status: 400, message: 'The posted history does not fit the model (shape, cycles or values)' },
  RUL_MODEL_NOT_FOUND: { status: 404, message: 'No trained RUL model (champion) for this source' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; traceId?: string };
}
