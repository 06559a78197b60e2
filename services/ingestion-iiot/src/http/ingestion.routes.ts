import { z } from 'zod';
import { AssetListResponse, IngestionControlBody, IngestionControlResponse } from '@vigie/contracts';
import { defineRoute } from '@vigie/service-kit';
import { SourceConfigSchema, SourceId } from '../sources';
import type { IngestionRepository } from '../adapters/ingestion-repository';
import type { SourceManager } from '../use-cases/source-manager';

/** A start request answers within this time; sources not connected by then are reported `connecting` (GET …/sources follows them). */
const START_ANSWER_MS = 10_000;

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
        await sources().start(body?.sources, START_ANSWER_MS);
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
      method: 'POST',
      url: '/api/v1/ingestion/sources',
      summary: 'Add a source (OPC UA server, Modbus TCP device, MQTT broker); kept across restarts',
      tags: ['ingestion'],
      status: 201,
      body: z.object({ source: SourceConfigSchema, start: z.boolean().default(true) }).strict(),
      response: IngestionControlResponse,
      handler: async ({ body }) => {
        await sources().add(body.source, body.start, START_ANSWER_MS);
        return { sources: sources().status() };
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/ingestion/sources/:id',
      summary: 'Stop and remove a source added over this API',
      tags: ['ingestion'],
      params: z.object({ id: SourceId }),
      response: IngestionControlResponse,
      handler: async ({ params }) => {
        await sources().remove(params.id);
        return { sources: sources().status() };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/ingestion/archive',
      summary: 'Hours of raw readings archived as Parquet in the raw-sensor-data bucket, newest first',
      tags: ['ingestion'],
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(48) }).strict(),
      response: z.object({
        hours: z.array(z.object({ hourStart: z.string(), rows: z.number().int(), objects: z.number().int(), bytes: z.number().int(), keys: z.array(z.string()) })),
      }),
      handler: async ({ query }) => ({ hours: await repo.archivedHours(query.limit) }),
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
