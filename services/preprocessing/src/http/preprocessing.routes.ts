import { PreprocessingStatsResponse, ProcessRequest, ProcessResponse } from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import { cleanBatch } from '../domain/clean';
import type { PreprocessingRepository } from '../adapters/preprocessing-repository';

export function preprocessingRoutes(repo: PreprocessingRepository) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/preprocessing/process',
      summary: 'Run the cleaning rules on a posted batch (nothing is published or stored)',
      tags: ['preprocessing'],
      body: ProcessRequest,
      response: ProcessResponse,
      handler: ({ body }) => {
        const { range, ...batch } = body;
        const result = cleanBatch(batch, null, range);
        const c = result.counts;
        return { output: result.output, dropped: { duplicates: c.duplicates, outOfOrder: c.outOfOrder, badQuality: c.badQuality + c.outOfRange } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/preprocessing/stats',
      summary: 'Counts of received, emitted and dropped samples since the first batch',
      tags: ['preprocessing'],
      response: PreprocessingStatsResponse,
      handler: () => repo.stats(),
    }),
  ];
}
