import type { FastifyError, FastifyInstance } from 'fastify';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@vigie/contracts';
import { AppError } from '../errors';

/** Maps Fastify's own request errors to our stable codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

function body(code: ErrorCode, message: string, details?: unknown, traceId?: string): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }), ...(traceId ? { traceId } : {}) } };
}

/** The one place errors become HTTP responses; unknown errors become 500 with no internals leaked. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, request, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.status).send(body(err.code, err.message, err.details, request.id));
    }
    const fastifyCode = 'code' in err && typeof err.code === 'string' ? FASTIFY_CODES[err.code] : undefined;
    if (fastifyCode) {
      return reply.code(ERROR_CODES[fastifyCode].status).send(body(fastifyCode, err.message, undefined, request.id));
    }
    if (err instanceof SyntaxError || ('statusCode' in err && err.statusCode === 400)) {
      return reply.code(400).send(body('MALFORMED_JSON', err.message, undefined, request.id));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('INTERNAL', ERROR_CODES.INTERNAL.message, undefined, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(body('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url}`, undefined, request.id));
  });
}
