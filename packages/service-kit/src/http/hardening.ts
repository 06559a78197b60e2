import type { FastifyInstance, FastifyReply } from 'fastify';
import { ERROR_CODES } from '@vigie/contracts';

/**
 * HTTP hardening shared by every service (issue 9 item 5), written here rather than with plugins so the policy is
 * one readable file: security headers, CORS for the dashboard origin only, and a token bucket per client IP.
 */
export interface HttpHardeningConfig {
  /** Origins that get CORS headers (VIGIE_DASHBOARD_ORIGIN, comma-separated); every other origin gets none. */
  readonly corsOrigins: readonly string[];
  /** Sustained requests per second per client IP; 0 turns rate limiting off (VIGIE_RATE_LIMIT_RPS). */
  readonly rateLimitPerSecond: number;
  /** Bucket size: requests a client may send at once before the sustained rate applies (VIGIE_RATE_LIMIT_BURST). */
  readonly rateLimitBurst: number;
  /**
   * Client IPs never rate limited (VIGIE_RATE_LIMIT_TRUSTED, comma-separated; loopback by default): the platform's own
   * service-to-service calls — a training job pages through stored windows far faster than a person clicks — until
   * service tokens with their own scopes exist (issue 9). In the distributed profile list the services' addresses.
   */
  readonly rateLimitTrusted?: readonly string[];
}

export const DEFAULT_TRUSTED_CLIENTS = ['127.0.0.1', '::1', '::ffff:127.0.0.1'] as const;

export const DEFAULT_DASHBOARD_ORIGIN = 'http://localhost:3000';

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number ≥ 0, not ${raw}`);
  return n;
}

/** Read once per service from the environment (as LOG_LEVEL is); generous defaults so the benches are never throttled. */
export function httpHardeningFromEnv(env: NodeJS.ProcessEnv = process.env): HttpHardeningConfig {
  const origins = (env.VIGIE_DASHBOARD_ORIGIN ?? DEFAULT_DASHBOARD_ORIGIN)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    corsOrigins: origins,
    rateLimitPerSecond: positiveNumber('VIGIE_RATE_LIMIT_RPS', env.VIGIE_RATE_LIMIT_RPS, 50),
    rateLimitBurst: positiveNumber('VIGIE_RATE_LIMIT_BURST', env.VIGIE_RATE_LIMIT_BURST, 200),
    rateLimitTrusted:
      env.VIGIE_RATE_LIMIT_TRUSTED === undefined
        ? [...DEFAULT_TRUSTED_CLIENTS]
        : env.VIGIE_RATE_LIMIT_TRUSTED.split(',')
            .map((ip) => ip.trim())
            .filter(Boolean),
  };
}

/** API responses are JSON: nothing in them may load, run or frame anything. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** The Swagger UI page (/docs) loads its own scripts, styles and images, nothing from elsewhere. */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function securityHeaders(reply: FastifyReply, contentType: string): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('content-security-policy', contentType.startsWith('text/html') ? DOCS_CSP : API_CSP);
}

/** A token bucket per key: `rate` tokens a second up to `burst`. Idle buckets are swept so the map stays small. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until a token is available. */
  take(key: string): number {
    const t = this.now();
    this.sweep(t);
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.rate);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.rate;
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    const full = (this.burst / this.rate) * 1000;
    for (const [key, b] of this.buckets) if (t - b.at > full) this.buckets.delete(key);
  }
}

/**
 * Installs the hardening hooks. `exempt` paths (health, metrics) are never rate limited: monitoring and Prometheus
 * poll them. CORS: an allowed Origin is reflected with Vary: Origin and its preflight answered 204; any other origin
 * gets no CORS header and its preflight is left to later hooks (a service with its own allow-list) or the 404 handler.
 */
export function installHardening(app: FastifyInstance, config: HttpHardeningConfig, exempt: ReadonlySet<string>): void {
  const origins = new Set(config.corsOrigins);
  const trusted = new Set(config.rateLimitTrusted ?? DEFAULT_TRUSTED_CLIENTS);
  const buckets = config.rateLimitPerSecond > 0 ? new TokenBuckets(config.rateLimitPerSecond, Math.max(1, config.rateLimitBurst)) : null;

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (buckets && !exempt.has(path) && !trusted.has(request.ip)) {
      const wait = buckets.take(request.ip);
      if (wait > 0) {
        reply.header('retry-after', String(Math.max(1, Math.ceil(wait))));
        return reply.code(429).send({ error: { code: 'RATE_LIMITED', message: ERROR_CODES.RATE_LIMITED.message, traceId: request.id } });
      }
    }
    const origin = request.headers.origin;
    if (origin === undefined || !origins.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      reply.header('access-control-allow-headers', 'authorization, content-type');
      reply.header('access-control-max-age', '600');
      return reply.code(204).send();
    }
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    securityHeaders(reply, String(reply.getHeader('content-type') ?? ''));
    return payload;
  });
}
