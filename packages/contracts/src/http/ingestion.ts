import { z } from 'zod';
import { AssetId } from '../events/common';

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
