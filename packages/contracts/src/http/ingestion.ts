import { z } from 'zod';
import { AssetId, SensorId } from '../events/common';
import { SampleSchema } from '../events/sensor-data';

export const IngestionControlBody = z
  .object({
    /** Source ids to start/stop; all sources when omitted. */
    sources: z.array(z.string().min(1)).max(100).optional(),
  })
  .strict();

export const SourceStatusSchema = z.object({
  id: z.string(),
  protocol: z.enum(['opcua', 'modbus', 'mqtt']),
  endpoint: z.string(),
  state: z.enum(['stopped', 'connecting', 'connected', 'reconnecting', 'error']),
  readings: z.number().int(),
  lastReadingAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const IngestionControlResponse = z.object({ sources: z.array(SourceStatusSchema) });

export const AssetSchema = z.object({
  id: AssetId,
  name: z.string(),
  type: z.string(),
  site: z.string(),
  area: z.string(),
  line: z.string(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  sensors: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      unit: z.string(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      samplingHz: z.number().nullable(),
    }),
  ),
});
export type Asset = z.infer<typeof AssetSchema>;
export const AssetListResponse = z.object({ assets: z.array(AssetSchema) });

/** An asset seen in events before ingestion has described it: named by its id, location unknown. */
export function undescribedAsset(id: string): Asset {
  return { id, name: id, type: 'unknown', site: '', area: '', line: '', latitude: null, longitude: null, sensors: [] };
}

/**
 * GET /api/v1/ingestion/assets/{asset_id}/readings: the newest `limit` stored readings of each of the asset's sensors
 * (or of `sensorId` alone) within [since, until] (ISO 8601, plant time of the readings), oldest first per sensor.
 */
export const SensorReadingsQuery = z
  .object({
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    sensorId: SensorId.optional(),
    /** Readings kept per sensor, the newest ones. */
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict()
  .refine((q) => q.since === undefined || q.until === undefined || Date.parse(q.since) <= Date.parse(q.until), {
    message: '`since` must not be after `until`',
    path: ['since'],
  });
export type SensorReadingsQuery = z.infer<typeof SensorReadingsQuery>;
export const SensorReadingsSchema = z.object({
  sensorId: SensorId,
  kind: z.string(),
  unit: z.string(),
  /** Oldest first; a bad-quality reading keeps its null value (a gap). */
  samples: z.array(SampleSchema),
});
export type SensorReadings = z.infer<typeof SensorReadingsSchema>;
export const SensorReadingsResponse = z.object({ assetId: AssetId, sensors: z.array(SensorReadingsSchema) });
export type SensorReadingsResponse = z.infer<typeof SensorReadingsResponse>;
