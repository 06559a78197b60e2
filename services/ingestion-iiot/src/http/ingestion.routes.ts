import { AssetListResponse, IngestionControlBody, IngestionControlResponse } from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import type { IngestionRepository } from '../adapters/ingestion-repository';
import type { SourceManager } from '../use-cases/source-manager';

export function ingestionRoutes(sources: () => SourceManager, repo: IngestionRepository) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/ingestion/start',
      summary: 'Start ingestion for the given sources, or for all',
      tags: ['ingestion'],
      body: IngestionControlBody.optional(),
      response: IngestionControlResponse,
      handler: async ({ body }) => {
        await sources().start(body?.sources);
        return { sources: sources().status() };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/ingestion/stop',
      summary: 'Stop ingestion for the given sources, or for all',
      tags: ['ingestion'],
      body: IngestionControlBody.optional(),
      response: IngestionControlResponse,
      handler: async ({ body }) => {
        await sources().stop(body?.sources);
        return { sources: sources().status() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/ingestion/sources',
      summary: 'State of each configured source',
      tags: ['ingestion'],
      response: IngestionControlResponse,
      handler: () => ({ sources: sources().status() }),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/ingestion/assets',
      summary: 'Assets and sensors discovered from the sources (ISA-95: site → area → line → asset)',
      tags: ['ingestion'],
      response: AssetListResponse,
      handler: async () => ({ assets: await repo.assets() }),
    }),
  ];
}
