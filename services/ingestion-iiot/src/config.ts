import { z } from 'zod';

export const SourceConfigSchema = z.object({
  id: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/),
  protocol: z.literal('opcua'),
  endpoint: z.string().regex(/^opc\.tcp:\/\//, 'an opc.tcp:// URL'),
});
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

export const IngestionConfigSchema = z.object({
  sources: z.array(SourceConfigSchema).default([{ id: 'plant-opcua', protocol: 'opcua', endpoint: 'opc.tcp://127.0.0.1:4840' }]),
  /** Start every source when the service starts (otherwise wait for POST /api/v1/ingestion/start). */
  autoStart: z.coerce.boolean().default(true),
  /** Client certificate store of the OPC UA sources. */
  pkiDir: z.string().optional(),
});
export type IngestionConfig = z.infer<typeof IngestionConfigSchema>;

/** INGESTION_SOURCES is a JSON array of sources; OPCUA_ENDPOINT is a shortcut for a single OPC UA server. */
export function loadIngestionConfig(env: NodeJS.ProcessEnv = process.env): IngestionConfig {
  const sources = env.INGESTION_SOURCES
    ? JSON.parse(env.INGESTION_SOURCES)
    : env.OPCUA_ENDPOINT
      ? [{ id: 'plant-opcua', protocol: 'opcua', endpoint: env.OPCUA_ENDPOINT }]
      : undefined;
  return IngestionConfigSchema.parse({ sources, autoStart: env.INGESTION_AUTOSTART !== 'false', pkiDir: env.OPCUA_PKI_DIR });
}
