import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError } from '@vigie/service-kit';
import { isCircuitOpenError, type TargetCircuits } from '../adapters/circuit-breakers';
import type { Target } from '../config';
import { DEFAULT_BODY_LIMIT, GATEWAY_BODY_LIMITS, MAX_GATEWAY_BODY, ownerOf } from '../domain/gateway-routes';

/** Request headers passed to the upstream; everything else (cookies, hop-by-hop headers, origin…) stays here. */
export const FORWARDED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'x-vigie-actor', 'x-request-id'] as const;

export interface GatewayOptions {
  readonly targets: readonly Target[];
  readonly circuits: TargetCircuits;
  readonly timeoutMs: number;
  /** Seconds announced in Retry-After while a circuit is open. */
  readonly retryAfterSeconds: number;
}

interface Upstream {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Buffer;
}

/**
 * The API gateway (seed §5.3): every /api/v1 request that is not monitoring's own goes to the service owning its
 * prefix (domain/gateway-routes.ts), through that target's gateway circuit. Method, path, query, body and the headers
 * above are forwarded; status, body and content-type come back. Bodies are passed through as bytes (this scope has
 * its own catch-all parser), within the owner's body limit. Errors: UPSTREAM_UNAVAILABLE (502) when the upstream
 * refuses or times out, UPSTREAM_CIRCUIT_OPEN (503, Retry-After) while its circuit is open, NOT_FOUND (404) when no
 * configured service owns the path, ROUTE_NOT_FOUND (404) for an unknown /api/v1/monitoring path.
 */
export async function registerGateway(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  const byService = new Map(options.targets.map((t) => [t.service, t]));
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_GATEWAY_BODY }, (_req, body, done) => done(null, body));
    scope.all('/api/v1/*', { schema: { hide: true } }, (request, reply) => forward(request, reply, byService, options));
  });
}

async function forward(request: FastifyRequest, reply: FastifyReply, byService: ReadonlyMap<string, Target>, options: GatewayOptions) {
  // Routed on the normalised path, so dot segments cannot climb from one prefix into another.
  const url = new URL(request.url, 'http://gateway.invalid');
  const owner = ownerOf(url.pathname);
  if (owner === 'monitoring') throw new NotFoundError('ROUTE_NOT_FOUND', undefined, `No route ${request.method} ${url.pathname}`);
  const target = owner === null ? undefined : byService.get(owner);
  if (!target) throw new NotFoundError('NOT_FOUND', { path: url.pathname }, `No configured service owns ${url.pathname}`);

  const body = Buffer.isBuffer(request.body) ? request.body : undefined;
  const limit = GATEWAY_BODY_LIMITS[target.service as keyof typeof GATEWAY_BODY_LIMITS] ?? DEFAULT_BODY_LIMIT;
  if (body && body.length > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', `${target.service} accepts bodies up to ${limit} bytes`, { limit, size: body.length });
  }
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  headers['x-request-id'] ??= request.id;

  let upstream: Upstream;
  try {
    upstream = await options.circuits.run('gateway', target.service, async () => {
      const res = await fetch(new URL(`${url.pathname}${url.search}`, target.url), {
        method: request.method,
        headers,
        body: body && body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD' ? new Uint8Array(body) : null,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      // Read inside the breaker: a body that never ends is a timeout too.
      return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
    });
  } catch (err) {
    if (isCircuitOpenError(err)) {
      reply.header('retry-after', String(options.retryAfterSeconds));
      throw new AppError('UPSTREAM_CIRCUIT_OPEN', `${target.service} is failing: its circuit is open`, { service: target.service });
    }
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason =
      e.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new AppError('UPSTREAM_UNAVAILABLE', `${target.service} did not answer: ${reason}`, { service: target.service, reason });
  }
  reply.code(upstream.status);
  if (upstream.contentType !== null) reply.header('content-type', upstream.contentType);
  return reply.send(upstream.body);
}
