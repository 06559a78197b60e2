import { createService, type Service, type ServiceDeps } from '@vigie/service-kit';
import { PreprocessingRepository } from './adapters/preprocessing-repository';
import { sensorDataConsumer } from './consumers/sensor-data.consumer';
import { preprocessingRoutes } from './http/preprocessing.routes';
import { migrations } from './migrations';
import { PreprocessBatch } from './use-cases/preprocess-batch';

/** Prétraitement (seed §2.2): cleans `sensor-data` into `preprocessed-data`. */
export function createPreprocessingService(deps: ServiceDeps): Service {
  const repo = new PreprocessingRepository(deps.db);
  let useCase: PreprocessBatch | undefined;
  const service = createService(
    {
      name: 'preprocessing',
      migrations,
      routes: preprocessingRoutes(repo),
      consumers: () => [sensorDataConsumer(useCase!, repo)],
    },
    deps,
  );
  service.ctx.lifecycle.onStart(async () => {
    await repo.ensureTables();
    useCase = new PreprocessBatch(service.ctx, repo);
    await useCase.restore();
  });
  return service;
}
