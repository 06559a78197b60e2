import type { FastifyInstance } from 'fastify';

/**
 * CORS for the dashboards: an allowed Origin is reflected (with Vary: Origin), any other gets no CORS header, so
 * the browser refuses it. Preflights (OPTIONS with Access-Control-Request-Method) are answered here with 204.
 */
export function installCors(app: FastifyInstance, origins: readonly string[]): void {
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
    }
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      if (ok) {
        // The API gateway forwards writes too (http/gateway.ts).
        reply.header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        reply.header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? 'authorization, content-type, x-vigie-actor, x-request-id');
        reply.header('access-control-max-age', '600');
      }
      return reply.code(204).send();
    }
  });
}

/** A browser's WebSocket carries its page's Origin: one not on the list is refused (cross-site WebSocket hijacking). */
export function isAllowedWsOrigin(origin: string | undefined, origins: readonly string[]): boolean {
  return origin === undefined || origins.includes(origin);
}
