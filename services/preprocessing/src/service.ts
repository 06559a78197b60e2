import { createService, type Service, type ServiceDeps } from '@vigie/service-kit';
import { PreprocessingRepository } from './adapters/preprocessing-repository';
import { PreprocessingConfigSchema, type PreprocessingConfigInput } from './config';
import { sensorDataConsumer } from './consumers/sensor-data.consumer';
import { checkRules, loadRulesFile } from './adapters/rules-file';
import { preprocessingRoutes } from './http/preprocessing.routes';
import { migrations } from './migrations';
import { FlushIdleSensors } from './use-cases/flush-idle-sensors';
import { PreprocessBatch } from './use-cases/preprocess-batch';
import { SensorStreams } from './use-cases/sensor-streams';

/**
 * Prétraitement (seed §2.2): runs `sensor-data` through each sensor's streaming pipeline into `preprocessed-data`.
 * `config` defaults to the built-in rules; the platform launcher passes loadPreprocessingConfig() (PREPROCESSING_*).
 */
export function createPreprocessingService(deps: ServiceDeps & { config?: PreprocessingConfigInput }): Service {
  const config = PreprocessingConfigSchema.parse(deps.config ?? {});
  checkRules(config.rules);
  let rules = config.rules;
  const repo = new PreprocessingRepository(deps.db);
  let useCase: PreprocessBatch | undefined;
  const service = createService(
    {
      name: 'preprocessing',
      migrations,
      routes: preprocessingRoutes(repo, () => rules),
      consumers: () => [sensorDataConsumer(useCase!, repo)],
    },
    deps,
  );
  const { ctx } = service;
  ctx.lifecycle.onStart(async () => {
    await repo.ensureTables();
    if (config.configFile) rules = await loadRulesFile(config.configFile);
    const streams = new SensorStreams(repo, rules, config.maxSensors, ctx.logger);
    await streams.restore();
    useCase = new PreprocessBatch(ctx, repo, streams);
    // Registered before the consumers' stop hook, so it runs after it: no flush races the last batch.
    const flusher = new FlushIdleSensors(ctx, repo, streams, config.idleFlushMs).start();
    ctx.lifecycle.onShutdown(() => flusher.stop());
  });
  return service;
}
