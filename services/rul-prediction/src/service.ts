import { createService, type Service, type ServiceDeps } from '@vigie/service-kit';
import { RulRepository } from './adapters/rul-repository';
import { RulConfigSchema, type RulConfig } from './config';
import { extractedFeaturesConsumer } from './consumers/extracted-features.consumer';
import { rulRoutes } from './http/rul.routes';
import { migrations } from './migrations';
import { PredictRul, type PredictorSettings } from './use-cases/predict-rul';

const MODEL_NAME = 'log-linear-trend';

/** Prédiction-RUL (seed §2.5): extrapolates each degrading sensor's trend to its failure limit → `rul-predictions`. */
export function createRulPredictionService(deps: ServiceDeps & { config?: Partial<RulConfig> }): Service {
  let config = RulConfigSchema.parse(deps.config ?? {});
  const repo = new RulRepository(deps.db);
  let predictor: PredictRul | undefined;
  const usePredictor = (): PredictRul => {
    if (!predictor) throw new Error('rul-prediction used before start');
    return predictor;
  };
  const settings = (version: string): PredictorSettings => ({
    limits: config.limits,
    level: config.level,
    minSignificance: config.minSignificance,
    onsetHealth: config.onsetHealth,
    baselineWindows: config.baselineWindows,
    trendWindows: config.trendWindows,
    failureLimit: Math.min(...Object.values(config.limits)),
    modelVersion: `${MODEL_NAME}@${version}`,
  });
  const load = async (version: string): Promise<void> => {
    const next = new PredictRul(service.ctx, repo, settings(version));
    await next.restore();
    predictor = next;
    await repo.registerModel({ name: MODEL_NAME, version, kind: 'exponential-trend', status: 'loaded', params: { ...config }, metrics: {} });
  };
  const service = createService(
    {
      name: 'rul-prediction',
      migrations,
      routes: rulRoutes(repo, usePredictor, async (body) => {
        config = RulConfigSchema.parse({ ...config, ...(body.level ? { level: body.level } : {}) });
        await load(String(Date.now()));
      }),
      // Delegates, because `train` swaps the predictor while the consumer keeps running.
      consumers: () => [extractedFeaturesConsumer({ execute: (events) => usePredictor().execute(events) })],
    },
    deps,
  );
  service.ctx.lifecycle.onStart(async () => {
    const loaded = (await repo.models()).find((m) => m.name === MODEL_NAME && m.status === 'loaded');
    await load(loaded?.version ?? '1');
  });
  return service;
}
