import { PreprocessingStatsResponse, ProcessRequest, ProcessResponse } from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import type { PipelineRules } from '../domain/options';
import type { PreprocessingRepository } from '../adapters/preprocessing-repository';
import { processPostedBatch } from '../use-cases/process-posted-batch';

export function preprocessingRoutes(repo: PreprocessingRepository, rules: () => PipelineRules) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/preprocessing/process',
      summary: 'Run the streaming pipeline on a posted batch (fresh state, flushed at the end; nothing is published or stored)',
      tags: ['preprocessing'],
      body: ProcessRequest,
      response: ProcessResponse,
      handler: ({ body }) => processPostedBatch(rules(), body),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/preprocessing/stats',
      summary: 'Counts of received, emitted and dropped samples, per flag and per operation, since the first batch',
      tags: ['preprocessing'],
      response: PreprocessingStatsResponse,
      handler: () => repo.stats(),
    }),
  ];
}
