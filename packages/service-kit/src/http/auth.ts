import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ERROR_CODES, type ErrorCode } from '@vigie/contracts';
import type { Logger } from '../logger';

/**
 * Bearer-JWT authentication shared by every service (issue 9 item 1): `/api/v1/*` routes and WebSocket upgrades
 * (`/ws/*`) need a JWT signed by the configured issuer, verified against its JWKS. Health, metrics, docs stay open.
 * Off when no issuer is configured. Tokens are never logged. RBAC on `request.auth`: http/authorization.ts.
 */
export interface AuthConfig {
  /** The issuer URL, compared with the token's `iss` (VIGIE_AUTH_ISSUER). */
  readonly issuer: string;
  /** Expected `aud`; not checked when absent (VIGIE_AUTH_AUDIENCE). */
  readonly audience?: string;
  /** The JWKS URL; by default the `jwks_uri` of `<issuer>/.well-known/openid-configuration` (VIGIE_AUTH_JWKS_URL). */
  readonly jwksUrl?: string;
  /** Clock skew allowed on `exp`/`nbf` (VIGIE_AUTH_CLOCK_TOLERANCE_SECONDS, default 30). */
  readonly clockToleranceSeconds: number;
  /**
   * Minimum delay between two JWKS refetches triggered by an unknown `kid` (jose's cooldown; default 30 s): a key
   * rotation is picked up on the first token signed with the new key, but a flood of made-up kids cannot hammer the issuer.
   */
  readonly jwksCooldownMs?: number;
}

/** What a verified token says about its bearer; attached as `request.auth`, read by the RBAC of http/authorization.ts. */
export interface AuthClaims {
  readonly sub: string;
  /** `scope` (space-separated string) or `scp` (array). */
  readonly scopes: readonly string[];
  /** `roles` (array of strings). */
  readonly roles: readonly string[];
  /** Every verified claim. */
  readonly claims: JWTPayload;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on guarded routes when authentication is on; undefined otherwise. */
    auth?: AuthClaims;
  }
}

export const ACCEPTED_ALGORITHMS = ['ES256', 'RS256'] as const;
const DISCOVERY_PATH = '/.well-known/openid-configuration';
const FETCH_TIMEOUT_MS = 5_000;

/** Reads the auth configuration; null (auth off) when VIGIE_AUTH_ISSUER is unset or empty. */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig | null {
  const issuer = env.VIGIE_AUTH_ISSUER?.trim();
  if (!issuer) return null;
  assertHttpUrl('VIGIE_AUTH_ISSUER', issuer);
  const jwksUrl = env.VIGIE_AUTH_JWKS_URL?.trim() || undefined;
  if (jwksUrl) assertHttpUrl('VIGIE_AUTH_JWKS_URL', jwksUrl);
  const rawTolerance = env.VIGIE_AUTH_CLOCK_TOLERANCE_SECONDS?.trim();
  const clockToleranceSeconds = rawTolerance ? Number(rawTolerance) : 30;
  if (!Number.isFinite(clockToleranceSeconds) || clockToleranceSeconds < 0) {
    throw new Error(`VIGIE_AUTH_CLOCK_TOLERANCE_SECONDS must be a number ≥ 0, not ${rawTolerance}`);
  }
  const audience = env.VIGIE_AUTH_AUDIENCE?.trim() || undefined;
  return { issuer, clockToleranceSeconds, ...(audience ? { audience } : {}), ...(jwksUrl ? { jwksUrl } : {}) };
}

function assertHttpUrl(name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http(s) URL, not ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, not ${value}`);
}

/** The issuer or its JWKS cannot be reached or read: the request cannot be judged (503), not refused (401). */
class IssuerUnavailable extends Error {}

/** `jwks_uri` from the issuer's OIDC discovery document, which must name the same issuer. */
async function discoverJwksUrl(issuer: string): Promise<URL> {
  const url = issuer.replace(/\/+$/, '') + DISCOVERY_PATH;
  let doc: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = await res.json();
  } catch (err) {
    throw new IssuerUnavailable(`OIDC discovery ${url} failed: ${(err as Error).message}`);
  }
  const d = doc as { issuer?: unknown; jwks_uri?: unknown } | null;
  if (typeof d?.jwks_uri !== 'string') throw new IssuerUnavailable(`OIDC discovery ${url} has no jwks_uri`);
  if (d.issuer !== issuer) throw new IssuerUnavailable(`OIDC discovery ${url} names the issuer ${String(d.issuer)}, not ${issuer}`);
  return new URL(d.jwks_uri);
}

function verifierFor(config: AuthConfig) {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | null = null;
  const jwks = (url: URL) =>
    createRemoteJWKSet(url, { timeoutDuration: FETCH_TIMEOUT_MS, cooldownDuration: config.jwksCooldownMs ?? 30_000 });
  /** Resolved once; a failed discovery is retried on the next request rather than cached. */
  const keySet = () => {
    if (keys === null) {
      const pending = (config.jwksUrl ? Promise.resolve(new URL(config.jwksUrl)) : discoverJwksUrl(config.issuer)).then(jwks);
      pending.catch(() => {
        if (keys === pending) keys = null;
      });
      keys = pending;
    }
    return keys;
  };
  return async (token: string): Promise<JWTPayload> => {
    const getKey = await keySet();
    const { payload } = await jwtVerify(token, getKey, {
      issuer: config.issuer,
      ...(config.audience ? { audience: config.audience } : {}),
      algorithms: [...ACCEPTED_ALGORITHMS],
      clockTolerance: config.clockToleranceSeconds,
      requiredClaims: ['sub', 'exp'],
    });
    return payload;
  };
}

/** Errors that say the token is bad (401); anything else (network, timeout, unreadable JWKS) means the issuer is unavailable. */
function classify(err: unknown): ErrorCode {
  if (err instanceof errors.JWTExpired) return 'AUTH_TOKEN_EXPIRED';
  if (
    err instanceof errors.JWTClaimValidationFailed ||
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return 'AUTH_TOKEN_INVALID';
  }
  return 'AUTH_ISSUER_UNAVAILABLE';
}

function toClaims(payload: JWTPayload): AuthClaims {
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : strings(payload.scp);
  return { sub: payload.sub!, scopes, roles: strings(payload.roles), claims: payload };
}

/** Paths that need a token: the REST API and the WebSocket upgrades. Health paths in `open` stay public. */
export function isGuarded(path: string): 'api' | 'ws' | null {
  if (path.startsWith('/api/v1/') || path === '/api/v1') return 'api';
  if (path.startsWith('/ws/')) return 'ws';
  return null;
}

/** `Authorization: Bearer <jwt>`, or `?access_token=` on WebSocket upgrades only (browsers cannot set headers there). */
function tokenOf(request: FastifyRequest, kind: 'api' | 'ws'): string | null {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    return m ? m[1]! : '';
  }
  if (kind === 'ws') {
    const query = request.url.indexOf('?');
    if (query >= 0) return new URLSearchParams(request.url.slice(query + 1)).get('access_token');
  }
  return null;
}

function refuse(reply: FastifyReply, request: FastifyRequest, code: ErrorCode): FastifyReply {
  if (code === 'AUTH_TOKEN_MISSING') reply.header('www-authenticate', 'Bearer realm="vigie"');
  else if (code !== 'AUTH_ISSUER_UNAVAILABLE') reply.header('www-authenticate', `Bearer realm="vigie", error="invalid_token"`);
  return reply.code(ERROR_CODES[code].status).send({ error: { code, message: ERROR_CODES[code].message, traceId: request.id } });
}

/**
 * Installs the auth hook (after the hardening hook, so throttling and CORS headers apply to refusals too). `open`:
 * exact paths that stay public under /api/v1 (the service's health). CORS preflights carry no credentials: let through.
 */
export function installAuth(app: FastifyInstance, config: AuthConfig, open: ReadonlySet<string>, logger: Logger): void {
  const verify = verifierFor(config);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    const kind = isGuarded(path);
    if (kind === null || open.has(path)) return;
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) return;
    const token = tokenOf(request, kind);
    if (token === null) return refuse(reply, request, 'AUTH_TOKEN_MISSING');
    if (token === '') return refuse(reply, request, 'AUTH_TOKEN_INVALID');
    try {
      request.auth = toClaims(await verify(token));
    } catch (err) {
      const code = classify(err);
      if (code === 'AUTH_ISSUER_UNAVAILABLE')
        logger.warn({ issuer: config.issuer, reason: (err as Error).message }, 'cannot fetch the issuer keys');
      return refuse(reply, request, code);
    }
  });
}
