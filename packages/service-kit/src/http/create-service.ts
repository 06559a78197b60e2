import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import {
  ALL_TOPICS,
  DEFAULT_PARTITIONS,
  SERVICES,
  dlqTopic,
  type CloudEvent,
  type RoutePermissionTable,
  type ServiceName,
  type Topic,
} from '@vigie/contracts';
import type { EventBus, Subscription } from '../bus/event-bus';
import type { Database, Migration } from '../db/database';
import { runMigrations } from '../db/migrations';
import { startConsumer, publishEvents, type ConsumerDef } from '../consumer';
import { Lifecycle } from '../lifecycle';
import { createLogger, type Logger } from '../logger';
import { ServiceMetrics } from '../metrics';
import { installErrorHandler } from './error-handler';
import { tokenProviderFromEnv, type TokenProvider } from '../clients/client-credentials';
import { authFromEnv, installAuth, isGuarded, type AuthConfig } from './auth';
import { installAuthorization } from './authorization';
import { httpHardeningFromEnv, installHardening, type HttpHardeningConfig } from './hardening';
import { HealthRegistry } from './health';
import { openapiDocumentOptions } from './openapi';
import { registerRoute, type RouteDef } from './route';
import { tlsFromEnv, tlsServerOptions, trustTlsCa, type TlsConfig } from './tls';

export interface ServiceDeps {
  readonly bus: EventBus;
  readonly db: Database;
  readonly logger?: Logger;
  /** CORS origins and rate limit; read from the environment (VIGIE_DASHBOARD_ORIGIN, VIGIE_RATE_LIMIT_*) when absent. */
  readonly http?: Partial<HttpHardeningConfig>;
  /** Bearer-JWT authentication; read from the environment (VIGIE_AUTH_*) when absent; null turns it off. */
  readonly auth?: AuthConfig | null;
  /** The permission matrix enforced when auth is on; @vigie/contracts ROUTE_PERMISSIONS when absent (service-kit's own tests pass theirs). */
  readonly routePermissions?: RoutePermissionTable;
  /** HTTPS/WSS on the listener and the CA its clients trust; read from the environment (VIGIE_TLS_*) when absent; null: plain HTTP. */
  readonly tls?: TlsConfig | null;
  /**
   * This service's own access token for its calls to other services (client credentials); read from the environment
   * (VIGIE_AUTH_CLIENT_ID/SECRET, clients/client-credentials.ts) when absent; null: its calls carry no token.
   */
  readonly tokenProvider?: TokenProvider | null;
}

/** The token provider `createService` gives the service: the one in `deps`, else the environment's. */
export function tokenProviderOf(deps: Pick<ServiceDeps, 'tokenProvider'>): TokenProvider | null {
  return deps.tokenProvider === undefined ? tokenProviderFromEnv() : deps.tokenProvider;
}

export interface ServiceContext {
  readonly name: ServiceName;
  readonly bus: EventBus;
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly health: HealthRegistry;
  readonly lifecycle: Lifecycle;
  /** Bearer tokens for this service's HTTP calls to the others (`fetchWithToken`); null when it has no client credentials. */
  readonly tokenProvider: TokenProvider | null;
  publish(topic: Topic, events: readonly CloudEvent<unknown>[]): Promise<void>;
}

// `any`: heterogeneous lists; each route and consumer is type-checked where it is defined.
type AnyRoute = RouteDef<any, any, any, any>;
type AnyConsumer = ConsumerDef<any>;

export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly version?: string;
  /** `${prefix}/health` by default; null when the service defines its own (monitoring's global health). */
  readonly healthPath?: string | null;
  readonly migrations?: readonly Migration[];
  /** Routes, or a function of the context (called at start, after the start hooks) when they need `ctx`. */
  readonly routes?: readonly AnyRoute[] | ((ctx: ServiceContext) => readonly AnyRoute[]);
  /** Consumers, or a function of the context (called at start, after the start hooks). */
  readonly consumers?: readonly AnyConsumer[] | ((ctx: ServiceContext) => readonly AnyConsumer[]);
  readonly bodyLimit?: number;
  /** Extra setup on the Fastify app (WebSocket routes, CORS…), before it is ready. */
  readonly configure?: (app: FastifyInstance, ctx: ServiceContext) => Promise<void> | void;
}

export interface Service {
  readonly app: FastifyInstance;
  readonly ctx: ServiceContext;
  /** Migrates, runs start hooks, readies HTTP, subscribes consumers. Does not listen (tests use app.inject). */
  start(): Promise<void>;
  listen(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Kafka assigns a group's partitions as if every member subscribed to the same topics: two consumers of one service
 * sharing a group id over different topics would starve each other (seen on a real broker). One group per consumer.
 */
function assertDistinctGroups(service: string, consumers: readonly AnyConsumer[]): void {
  const seen = new Map<string, string>();
  for (const c of consumers) {
    const other = seen.get(c.groupId);
    if (other !== undefined && other !== c.topic) {
      throw new Error(`${service}: consumers of ${other} and ${c.topic} share the group id ${c.groupId}; give each its own`);
    }
    seen.set(c.groupId, c.topic);
  }
}

/**
 * Builds one Vigie service on Fastify: health, actuator, Prometheus, OpenAPI, error mapping, consumers, shutdown,
 * and the HTTP hardening of http/hardening.ts (security headers, CORS for the dashboard only, rate limit per client).
 */
export function createService(def: ServiceDefinition, deps: ServiceDeps): Service {
  const version = def.version ?? '0.1.0';
  const logger = deps.logger ?? createLogger(def.name);
  const metrics = new ServiceMetrics(def.name);
  const health = new HealthRegistry(def.name, version);
  const lifecycle = new Lifecycle(logger);
  const ctx: ServiceContext = {
    name: def.name,
    bus: deps.bus,
    db: deps.db,
    logger,
    metrics,
    health,
    lifecycle,
    tokenProvider: tokenProviderOf(deps),
    publish: (topic, events) => publishEvents(deps.bus, topic, events, metrics),
  };
  // Read before anything listens: half a TLS configuration stops the service here (TLS_CONFIG_INVALID).
  const tls = deps.tls === undefined ? tlsFromEnv() : deps.tls;
  const https = tls ? tlsServerOptions(tls) : null;
  if (tls) trustTlsCa(tls.ca);
  // The cast: with `https` Fastify types the instance over https.Server, a subclass of the http.Server every caller sees.
  const app = Fastify({
    ...(https ? { https } : {}),
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: def.bodyLimit ?? 1_048_576,
    // Fastify's 10 s default: eight services starting in one process on a loaded 2-core machine took longer to load
    // @fastify/swagger-ui (AVV_ERR_PLUGIN_EXEC_TIMEOUT, the platform exited).
    pluginTimeout: 120_000,
  }) as unknown as FastifyInstance;
  logger.info(
    { tls: https !== null, trustedCa: tls?.ca.length ?? 0 },
    https ? 'HTTPS/WSS listener (TLS ≥ 1.2)' : 'plain HTTP listener (VIGIE_TLS_CERT unset)',
  );
  // zod (in registerRoute) is the one validator; the JSON schemas are for the OpenAPI document only.
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandler(app);
  const healthPath = def.healthPath === undefined ? `${SERVICES[def.name].prefix}/health` : def.healthPath;
  const hardening: HttpHardeningConfig = { ...httpHardeningFromEnv(), ...deps.http };
  // Health and metrics are polled by monitoring and Prometheus: never throttled.
  installHardening(app, hardening, new Set(['/actuator/health', '/actuator/prometheus', ...(healthPath ? [healthPath] : [])]));
  const auth = deps.auth === undefined ? authFromEnv() : deps.auth;

  health.register('database', async () => {
    await deps.db.query('SELECT 1');
    return { status: 'UP' };
  });

  let ready: Promise<void> | null = null;
  const setup = async (): Promise<void> => {
    // Paths under /api/v1 that stay open with auth on: the service's health (also monitoring's platform health).
    const open = new Set([`${SERVICES[def.name].prefix}/health`, ...(healthPath ? [healthPath] : [])]);
    await app.register(
      swagger,
      openapiDocumentOptions({
        title: `Vigie ${def.name}`,
        version,
        description: `REST API of the ${def.name} service`,
        guarded: auth ? (path) => isGuarded(path) !== null && !open.has(path) : null,
      }),
    );
    await app.register(swaggerUi, { routePrefix: '/docs' });
    await app.register(websocket);
    // After hardening (refusals are throttled and carry CORS headers) and after the WebSocket plugin's own onRequest
    // hook, which marks upgrades so that a refused upgrade's socket is destroyed once the 401 is written. The
    // service's health under /api/v1 stays open (also monitoring's platform health, which replaces the default one).
    if (auth) {
      installAuth(app, auth, open, logger);
      // Before any route below: each is checked against the permission matrix as it registers.
      installAuthorization(app, open, deps.routePermissions);
      logger.info({ issuer: auth.issuer, audience: auth.audience ?? null }, 'bearer-JWT authentication and RBAC on /api/v1 and /ws');
      if (!ctx.tokenProvider)
        logger.warn(
          "no client credentials (VIGIE_AUTH_CLIENT_ID/VIGIE_AUTH_CLIENT_SECRET unset): other services will refuse this service's calls to them (401)",
        );
    } else logger.warn('authentication is OFF (VIGIE_AUTH_ISSUER unset): /api/v1 and /ws are open to anyone who can reach them');
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpRequests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
    const healthHandler = async (_req: unknown, reply: { code(n: number): unknown }) => {
      const report = await health.report();
      reply.code(report.status === 'UP' ? 200 : 503);
      return report;
    };
    app.get('/actuator/health', { schema: { summary: 'Health (Spring Actuator shape)', tags: ['ops'] } }, healthHandler);
    if (healthPath) app.get(healthPath, { schema: { summary: 'Service health', tags: ['ops'] } }, healthHandler);
    app.get('/actuator/prometheus', { schema: { hide: true } }, async (_req, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    const routes = typeof def.routes === 'function' ? def.routes(ctx) : (def.routes ?? []);
    for (const route of routes) registerRoute(app, route);
    await def.configure?.(app, ctx);
    await app.ready();
  };

  const subscriptions: Subscription[] = [];
  return {
    app,
    ctx,
    async start() {
      ready ??= (async () => {
        if (def.migrations?.length) await runMigrations(deps.db, def.name, [...def.migrations]);
        await deps.bus.ensureTopics(
          ALL_TOPICS.flatMap((t) => [
            { name: t, partitions: DEFAULT_PARTITIONS },
            { name: dlqTopic(t), partitions: 1 },
          ]),
        );
        await lifecycle.start();
        await setup();
        const consumers = typeof def.consumers === 'function' ? def.consumers(ctx) : (def.consumers ?? []);
        assertDistinctGroups(def.name, consumers);
        for (const consumer of consumers) {
          subscriptions.push(await startConsumer(deps.bus, consumer, logger, metrics));
        }
        lifecycle.onShutdown(async () => {
          await Promise.all(subscriptions.map((s) => s.stop()));
        });
      })();
      return ready;
    },
    async listen(port = SERVICES[def.name].port, host = '0.0.0.0') {
      await this.start();
      const address = await app.listen({ port, host });
      logger.info({ address }, `${def.name} listening`);
      return address;
    },
    async stop() {
      await lifecycle.shutdown();
      await app.close();
    },
  };
}
