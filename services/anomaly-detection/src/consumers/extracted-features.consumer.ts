import { TOPICS } from '@vigie/contracts';
import { defineConsumer } from '@vigie/service-kit';
import type { ScoreWindows } from '../use-cases/score-windows';

export function extractedFeaturesConsumer(useCase: ScoreWindows) {
  return defineConsumer({
    topic: TOPICS.extractedFeatures,
    groupId: 'anomaly-detection',
    handle: (events) => useCase.execute(events),
  });
}
