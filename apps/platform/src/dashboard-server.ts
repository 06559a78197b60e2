import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { tlsFromEnv, tlsServerOptions, type Logger, type TlsConfig } from '@vigie/service-kit';
import { REPO_ROOT } from './settings';

const APP_DIR = path.join(REPO_ROOT, 'apps', 'factory-dashboard');
/** The built dashboard; VIGIE_DASHBOARD_DIST serves another build (a developer's or a test's own). */
export const DASHBOARD_DIST = path.resolve(process.env.VIGIE_DASHBOARD_DIST ?? path.join(APP_DIR, 'dist'));

/** The newest modification time under `dir` (files only), skipping node_modules and dist. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether the bundle is missing or older than a source of the dashboard (a fresh clone, or a pull with new pages). */
export function dashboardSourcesNewer(dist: string = DASHBOARD_DIST): boolean {
  const index = path.join(dist, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return ['src', 'index.html', 'package.json', 'vite.config.ts'].some((p) => {
    const full = path.join(APP_DIR, p);
    if (!existsSync(full)) return false;
    return statSync(full).isDirectory() ? newestMtime(full) > built : statSync(full).mtimeMs > built;
  });
}

/** Builds the dashboard with Vite when its bundle is missing or older than its sources. */
export function ensureDashboardBuilt(logger: Logger, force = false): void {
  if (!force && !dashboardSourcesNewer()) return;
  logger.info('building the factory dashboard (vite build)…');
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', DASHBOARD_DIST, '--emptyOutDir'], {
    cwd: APP_DIR,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build of the dashboard failed (${r.status ?? r.signal})`);
}

/**
 * Serves Dashboard-Usine (port 3000) and its `/config.json`: where the browser finds Dashboard-Monitoring, on the
 * host name the browser used, so the page works from another machine of the plant network too. Over HTTPS when
 * VIGIE_TLS_CERT/KEY are set, as every service listener (then monitoring is HTTPS/WSS too, and config.json says so);
 * half a TLS configuration stops it with TLS_CONFIG_INVALID, never plain HTTP.
 */
export async function startDashboardServer(options: {
  port: number;
  host: string;
  monitoringPort: number;
  logger: Logger;
  /** When set, the dashboard requires sign-in with this OIDC issuer and client (authorization code + PKCE). */
  auth?: { issuer: string; clientId: string; scope?: string };
  /** The listener's certificate; undefined reads VIGIE_TLS_* (tlsFromEnv), null keeps plain HTTP. */
  tls?: TlsConfig | null;
}): Promise<FastifyInstance> {
  // Read before building or listening: a bad TLS setting fails here (TLS_CONFIG_INVALID).
  const tls = options.tls === undefined ? tlsFromEnv() : options.tls;
  const https = tls ? tlsServerOptions(tls) : null;
  ensureDashboardBuilt(options.logger);
  // The cast: with `https` Fastify types the instance over https.Server, a subclass of the http.Server callers see.
  const app = Fastify({ ...(https ? { https } : {}), loggerInstance: options.logger as FastifyBaseLogger }) as unknown as FastifyInstance;
  await app.register(fastifyStatic, { root: DASHBOARD_DIST, index: ['index.html'] });
  app.get('/config.json', async (request) => {
    const host = (request.headers.host ?? `localhost:${options.port}`).replace(/:\d+$/, '');
    return {
      monitoringUrl: `${https ? 'https' : 'http'}://${host}:${options.monitoringPort}`,
      wsUrl: `${https ? 'wss' : 'ws'}://${host}:${options.monitoringPort}/ws/monitoring`,
      ...(options.auth ? { auth: options.auth } : {}),
    };
  });
  app.get('/healthz', async () => ({ status: 'UP' }));
  // The dashboard routes in the browser (/assets/P-101, /work-orders/…): a deep link or a reload gets index.html.
  // Missing files (a path with an extension) stay 404.
  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (request.method === 'GET' && !path.extname(pathname)) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `${request.method} ${pathname} not found` } });
  });
  await app.listen({ port: options.port, host: options.host });
  options.logger.info(
    { tls: https !== null },
    https ? 'dashboard over HTTPS (TLS ≥ 1.2)' : 'dashboard over plain HTTP (VIGIE_TLS_CERT unset)',
  );
  return app;
}
