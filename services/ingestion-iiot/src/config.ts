import { z } from 'zod';

import { SourceConfigSchema } from './sources';

export { SourceConfigSchema, type SourceConfig } from './sources';

export const IngestionConfigSchema = z.object({
  sources: z.array(SourceConfigSchema).default([{ id: 'plant-opcua', protocol: 'opcua', endpoint: 'opc.tcp://127.0.0.1:4840' }]),
  /** Start every source when the service starts (otherwise wait for POST /api/v1/ingestion/start). */
  autoStart: z.coerce.boolean().default(true),
  /** Client certificate store of the OPC UA sources. */
  pkiDir: z.string().optional(),
  /** A YAML/JSON plant file describing the sources; read at start (its sources replace `sources`). */
  plantFile: z.string().optional(),
  /** Raw readings kept in `sensor_data` (an interval); older ones live in the Parquet archive. */
  retention: z.string().regex(/^\d+ (days?|hours?|weeks?|months?)$/, "an interval such as '90 days'").default('90 days'),
  archive: z
    .object({
      enabled: z.coerce.boolean().default(true),
      bucket: z.string().min(3).default('raw-sensor-data'),
      everyMs: z.coerce.number().int().positive().default(60_000),
    })
    .default({ enabled: true, bucket: 'raw-sensor-data', everyMs: 60_000 }),
});
export type IngestionConfig = z.infer<typeof IngestionConfigSchema>;

/** INGESTION_SOURCES is a JSON array of sources; OPCUA_ENDPOINT is a shortcut for a single OPC UA server. */
export function loadIngestionConfig(env: NodeJS.ProcessEnv = process.env): IngestionConfig {
  const sources = env.INGESTION_SOURCES
    ? JSON.parse(env.INGESTION_SOURCES)
    : env.OPCUA_ENDPOINT
      ? [{ id: 'plant-opcua', protocol: 'opcua', endpoint: env.OPCUA_ENDPOINT }]
      : undefined;
  return IngestionConfigSchema.parse({ sources, autoStart: env.INGESTION_AUTOSTART !== 'false', pkiDir: env.OPCUA_PKI_DIR, plantFile: env.INGESTION_PLANT_FILE });
}
