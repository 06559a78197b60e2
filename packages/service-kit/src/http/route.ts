import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ErrorCode } from '@vigie/contracts';
import { AppError } from '../errors';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * A route declared with zod schemas from @vigie/contracts. The same schemas validate requests (one validator, with
 * stable error codes) and feed the OpenAPI document, so docs cannot drift from behaviour.
 */
export interface RouteDef<B = unknown, Q = unknown, P = unknown, R = unknown> {
  method: Method;
  url: string;
  summary: string;
  tags?: string[];
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  response?: z.ZodType<R>;
  /**
   * The stable code of a request whose body, query or params fails its schema; VALIDATION_FAILED by default. For a
   * route whose API promised a domain code before its body was typed (PUT /api/v1/rules answers RULES_INVALID).
   */
  invalidCode?: ErrorCode;
  /** Status code on success; default 200. */
  status?: number;
  handler: (ctx: RouteContext<B, Q, P>) => Promise<R> | R;
}

/** Identity helper that infers the generic parameters from the schemas. */
export function defineRoute<B = undefined, Q = undefined, P = undefined, R = unknown>(def: RouteDef<B, Q, P, R>): RouteDef<B, Q, P, R> {
  return def;
}

/** A Schema Object of OpenAPI 3.0, the version @fastify/swagger declares (`exclusiveMinimum: true` beside `minimum`, `nullable`). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** The path of the first string (value or key) holding U+0000, which no PostgreSQL text or jsonb column can store. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (key.includes('\u0000')) return at;
    const found = nulPath(item, at);
    if (found !== null) return found;
  }
  return null;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string, code: ErrorCode): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) {
    throw new AppError(code, `Invalid ${where}`, {
      issues: result.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message })),
    });
  }
  const nul = nulPath(result.data, where);
  if (nul !== null) {
    throw new AppError(code, `Invalid ${where}`, { issues: [{ path: nul, message: 'NUL character (U+0000) not allowed' }] });
  }
  return result.data;
}

export function registerRoute(app: FastifyInstance, def: RouteDef<any, any, any, any>): void {
  // `any` above: a heterogeneous list of routes; each route's own types are checked where it is defined.
  const schema: Record<string, unknown> = { summary: def.summary, tags: def.tags ?? [] };
  if (def.body) schema.body = jsonSchema(def.body, 'input');
  if (def.query) schema.querystring = jsonSchema(def.query, 'input');
  if (def.params) schema.params = jsonSchema(def.params, 'input');
  if (def.response) schema.response = { [def.status ?? 200]: jsonSchema(def.response, 'output') };
  const invalid = def.invalidCode ?? 'VALIDATION_FAILED';
  app.route({
    method: def.method,
    url: def.url,
    schema,
    handler: async (request, reply) => {
      const ctx = {
        body: parse(def.body, request.body, 'body', invalid),
        query: parse(def.query, request.query, 'query', invalid),
        params: parse(def.params, request.params, 'params', invalid),
        request,
        reply,
      };
      const result = await def.handler(ctx);
      reply.code(def.status ?? 200);
      return result;
    },
  });
}
