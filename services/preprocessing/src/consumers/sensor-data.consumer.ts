import { TOPICS } from '@vigie/contracts';
import { defineConsumer } from '@vigie/service-kit';
import type { PreprocessBatch } from '../use-cases/preprocess-batch';
import type { PreprocessingRepository } from '../adapters/preprocessing-repository';

export function sensorDataConsumer(useCase: PreprocessBatch, repo: PreprocessingRepository) {
  return defineConsumer({
    topic: TOPICS.sensorData,
    groupId: 'preprocessing',
    handle: async (events) => {
      await useCase.execute(events.map((e) => e.event));
    },
    onDeadLetter: async (dead) => {
      for (const d of dead)
        await repo.recordDeadLetter(`dlq:${d.message.topic}:${d.message.partition}:${d.message.offset}`, `${d.code}: ${d.reason}`);
    },
  });
}
