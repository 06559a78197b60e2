import { createLogger, createService, type Keyring, type Service, type ServiceDeps } from '@vigie/service-kit';
import { countUnpublished } from './adapters/outbox';
import { OutboxRelay } from './adapters/outbox-relay';
import { sealStoredTechnicians } from './adapters/technician-secrets';
import { parseConfig, type ConfigInput } from './config';
import { anomaliesDetectedConsumer } from './consumers/anomalies-detected.consumer';
import { rulPredictionsConsumer } from './consumers/rul-predictions.consumer';
import { planningRoutes } from './http/planning.routes';
import { planningReadRoutes } from './http/planning-read.routes';
import { rulesRoutes } from './http/rules.routes';
import { workOrderRoutes } from './http/work-orders.routes';
import { migrations } from './migrations';
import type { SagaProbe, UseCaseDeps } from './use-cases/deps';
import { recoverSagas } from './use-cases/create-predictive-work-order';
import { RuleBook, seedDefaultRules } from './use-cases/rule-book';
import { seedDemoTechnicians } from './use-cases/seed-demo-technicians';

export interface MaintenanceOrchestratorDeps extends ServiceDeps {
  /** Overrides of the defaults (config.ts); a parsed Config is accepted too. */
  readonly config?: ConfigInput;
  /** Wall clock of planning; tests pin it. */
  readonly clock?: () => Date;
  /** Test seam of the sagas (UseCaseDeps.sagaProbe); absent in production. */
  readonly sagaProbe?: SagaProbe;
  /**
   * Seals technicians' personal data at rest (VIGIE_DATA_KEYS; the platform's keyringFor). Without one the service
   * stores no technician and refuses to start while a technician's personal data is in clear (SECRET_KEY_MISSING).
   */
  readonly secrets?: Keyring;
}

export interface MaintenanceOrchestratorService extends Service {
  /** Exposed so tests and the embedded launcher can drain the outbox deterministically. */
  readonly relay: OutboxRelay;
}

/**
 * Orchestrateur-Maintenance (seed §2.6): turns anomalies and RUL predictions into work orders, serves the
 * work-order, intervention and planning API, and publishes `work-orders` / `maintenance-plans` through an outbox.
 */
export function createMaintenanceOrchestratorService(deps: MaintenanceOrchestratorDeps): MaintenanceOrchestratorService {
  const config = parseConfig(deps.config);
  const logger = deps.logger ?? createLogger('maintenance-orchestrator');
  // eslint-disable-next-line prefer-const -- assigned once createService has returned; the closure below reads it later
  let service: Service | undefined;
  const relay = new OutboxRelay({
    db: deps.db,
    // Resolved lazily: ctx (with its metrics) exists only once createService has returned.
    publish: (topic, events) => service!.ctx.publish(topic, events),
    logger,
    batchSize: config.outbox.batchSize,
    pollIntervalMs: config.outbox.pollIntervalMs,
  });
  const useCases: UseCaseDeps = {
    db: deps.db,
    relay,
    config,
    rules: new RuleBook(),
    clock: deps.clock ?? (() => new Date()),
    ...(deps.sagaProbe ? { sagaProbe: deps.sagaProbe } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
  };
  const created = createService(
    {
      name: 'maintenance-orchestrator',
      healthPath: null,
      migrations,
      routes: [...workOrderRoutes(useCases), ...planningRoutes(useCases), ...planningReadRoutes(useCases), ...rulesRoutes(useCases)],
      consumers: [anomaliesDetectedConsumer(useCases), rulPredictionsConsumer(useCases)],
    },
    { ...deps, logger },
  );
  service = created;
  const { ctx } = created;
  ctx.health.register('outbox', async () => ({ status: 'UP', details: { unpublished: await countUnpublished(deps.db) } }));
  ctx.lifecycle.onStart(async () => {
    const rules = await deps.db.transaction((tx) => seedDefaultRules(tx));
    if (rules.seeded) ctx.logger.info({ version: rules.version }, 'stored the default orchestration rules');
    // Rows stored in clear before migration 008, or under a retired key: sealed with the current key (idempotent).
    // A row that cannot be stays as stored (the API answers its error code); the planner does not need these fields.
    const sealed = await deps.db.transaction((tx) => sealStoredTechnicians(tx, deps.secrets));
    if (sealed.rewritten > 0)
      ctx.logger.info(
        { sealed: sealed.rewritten, keyId: deps.secrets?.currentKeyId },
        "sealed technicians' personal data with the current data key",
      );
    for (const f of sealed.failed)
      ctx.logger.error({ technician: f.id, code: f.code, error: f.message }, "a technician's personal data could not be sealed");
    if (config.demoTechnicians) {
      const seeded = await seedDemoTechnicians(deps.db, deps.secrets);
      if (seeded > 0) ctx.logger.info({ seeded }, 'seeded demo technicians');
    }
    // Sagas a crash left mid-way: resumed (running) or undone (compensating) before new events arrive.
    const sagas = await recoverSagas(useCases, ctx.logger);
    if (sagas.resumed + sagas.compensated > 0) ctx.logger.info(sagas, 'recovered unfinished sagas');
    // Rows committed before a crash or a restart go out before anything new.
    await relay.afterCommit();
    relay.start();
  });
  ctx.lifecycle.onShutdown(() => relay.stop());
  return Object.assign(created, { relay });
}
