import { createHash } from 'node:crypto';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { ERROR_CODES, type ErrorCode } from '@vigie/contracts';

/**
 * The @fastify/swagger options of every service's OpenAPI 3.0 document (GET /openapi.json), complete enough for a
 * generator such as schemathesis to exercise every operation:
 * - zod emits a recursive schema (RuleCondition) with its definitions beside it (`definitions`, `$ref:
 *   "#/definitions/__schema0"`), which @fastify/swagger drops from a route schema while it rewrites the references to
 *   `#/components/schemas/…`, leaving them dangling. `transform` moves them to `components.schemas` first, under a
 *   name that is the same for the same definitions in every route (so two routes share one component).
 * - with authentication on, every guarded operation declares the bearer scheme and its 401 and 403 answers (the bodies
 *   http/auth.ts and http/authorization.ts send), so that they are checked against a schema like any other answer.
 */
export interface OpenapiDocumentOptions {
  readonly title: string;
  readonly version: string;
  readonly description: string;
  /** True for the paths that need a token (the document's form, `/api/v1/x/{id}`); null when authentication is off. */
  readonly guarded: ((path: string) => boolean) | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const COMPONENTS = '#/components/schemas/';
const BEARER = 'bearerAuth';

/** The error body of a refusal with one of `status`'s codes (contracts ErrorBody). */
function errorBodySchema(status: number): Json {
  const codes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].status === status);
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string', enum: codes }, message: { type: 'string' }, details: {}, traceId: { type: 'string' } },
      },
    },
  };
}
const REFUSALS = {
  '401': { name: 'Unauthorized', description: 'No bearer token, or one that is expired, tampered or from another issuer' },
  '403': { name: 'Forbidden', description: "The token's roles do not grant this operation (or only on the caller's own assignments)" },
} as const;

/** Rewrites in place every `$ref` naming a key of `renames` (`#/definitions/<key>` or `#/$defs/<key>`). */
function rewriteRefs(node: unknown, renames: ReadonlyMap<string, string>): void {
  if (Array.isArray(node)) for (const item of node) rewriteRefs(item, renames);
  if (!isObject(node)) return;
  if (typeof node.$ref === 'string') {
    const renamed = renames.get(node.$ref);
    if (renamed !== undefined) node.$ref = COMPONENTS + renamed;
  }
  for (const value of Object.values(node)) rewriteRefs(value, renames);
}

/** The definitions hoisted so far: name → schema (references rewritten) and the JSON it was hoisted from. */
type Components = Map<string, { readonly schema: Json; readonly source: string }>;

/**
 * Moves the root `definitions`/`$defs` of a (cloned) JSON schema into `components`, rewriting the references. zod's
 * anonymous names (`__schema0`) become `Schema0_<hash of the definitions>`; a named one (`.meta({ id })`) keeps its
 * name unless a different schema already holds it.
 */
function hoist(schema: Json, components: Components): void {
  for (const keyword of ['definitions', '$defs'] as const) {
    const defs = schema[keyword];
    if (!isObject(defs)) continue;
    delete schema[keyword];
    const hash = createHash('sha256').update(JSON.stringify(defs)).digest('hex').slice(0, 10);
    const renames = new Map<string, string>();
    const hoisted: [string, Json, string][] = [];
    for (const [key, def] of Object.entries(defs)) {
      const source = JSON.stringify(def);
      const anonymous = /^__schema(\d+)$/.exec(key);
      const plain = key.replace(/[^A-Za-z0-9_.-]/g, '_');
      let name = anonymous ? `Schema${anonymous[1]}_${hash}` : plain;
      const held = components.get(name);
      if (held !== undefined && held.source !== source) name = `${plain}_${hash}`;
      renames.set(`#/${keyword}/${key}`, name);
      hoisted.push([name, def as Json, source]);
    }
    rewriteRefs(schema, renames);
    for (const [name, def, source] of hoisted) {
      rewriteRefs(def, renames);
      components.set(name, { schema: def, source });
    }
  }
}

/** Options for `app.register(swagger, …)`. */
export function openapiDocumentOptions(options: OpenapiDocumentOptions): FastifyDynamicSwaggerOptions {
  const components: Components = new Map();
  return {
    openapi: { info: { title: options.title, version: options.version, description: options.description } },
    transform: ({ schema, url }) => {
      if (!isObject(schema)) return { schema, url };
      const copy = structuredClone(schema) as Json;
      for (const part of ['body', 'querystring', 'params', 'headers'] as const) if (isObject(copy[part])) hoist(copy[part], components);
      if (isObject(copy.response)) for (const answer of Object.values(copy.response)) if (isObject(answer)) hoist(answer, components);
      return { schema: copy, url };
    },
    transformObject: (document) => {
      // Always an OpenAPI document here (the `openapi` option above); the other member is Swagger 2.0's.
      if (!('openapiObject' in document)) return document.swaggerObject;
      const doc = document.openapiObject as Json & { components?: Json; paths?: Record<string, Record<string, Json>> };
      const schemas: Json = {
        ...(isObject(doc.components?.schemas) ? doc.components.schemas : {}),
        ...Object.fromEntries([...components].map(([name, c]) => [name, c.schema])),
      };
      const guarded = options.guarded;
      if (guarded === null) return { ...doc, components: { ...doc.components, schemas } };
      for (const [status, refusal] of Object.entries(REFUSALS)) schemas[refusal.name] = errorBodySchema(Number(status));
      const paths: Record<string, Record<string, Json>> = {};
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        if (!guarded(path)) {
          paths[path] = item;
          continue;
        }
        paths[path] = Object.fromEntries(
          Object.entries(item).map(([method, operation]) => {
            if (!isObject(operation) || !isObject(operation.responses)) return [method, operation];
            const responses: Json = { ...operation.responses };
            for (const [status, refusal] of Object.entries(REFUSALS)) {
              responses[status] ??= {
                description: refusal.description,
                content: { 'application/json': { schema: { $ref: COMPONENTS + refusal.name } } },
              };
            }
            return [method, { ...operation, security: [{ [BEARER]: [] }], responses }];
          }),
        );
      }
      const securitySchemes = { ...(isObject(doc.components?.securitySchemes) ? doc.components.securitySchemes : {}) };
      securitySchemes[BEARER] = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' };
      return { ...doc, paths, components: { ...doc.components, schemas, securitySchemes } };
    },
  };
}
