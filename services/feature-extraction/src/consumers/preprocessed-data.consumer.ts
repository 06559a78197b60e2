import { TOPICS } from '@vigie/contracts';
import { defineConsumer } from '@vigie/service-kit';
import type { ExtractWindowFeatures } from '../use-cases/extract-window-features';

export function preprocessedDataConsumer(useCase: ExtractWindowFeatures) {
  return defineConsumer({
    topic: TOPICS.preprocessedData,
    groupId: 'feature-extraction',
    handle: (events) => useCase.execute(events),
  });
}
