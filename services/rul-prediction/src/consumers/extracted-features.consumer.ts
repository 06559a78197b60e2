import { TOPICS } from '@vigie/contracts';
import { defineConsumer } from '@vigie/service-kit';
import type { PredictRul } from '../use-cases/predict-rul';

export function extractedFeaturesConsumer(useCase: Pick<PredictRul, 'execute'>) {
  return defineConsumer({
    topic: TOPICS.extractedFeatures,
    groupId: 'rul-prediction',
    handle: (events) => useCase.execute(events),
  });
}
