import { z } from 'zod';
import { SENSOR_KINDS, type SensorKind } from '@vigie/plant-simulator';
import { MqttAssetSchema } from './mqtt-config';

export const SourceId = z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only');

const NodeMappingSchema = z.object({
  nodeId: z.string().regex(/^(ns=\d+;)?[isgb]=.+$/, 'an OPC UA node id such as ns=2;s=Line1.Pump.Temperature'),
  assetId: z.string().min(1),
  sensorId: z.string().min(1),
  unit: z.string().min(1),
  kind: z.enum(SENSOR_KINDS as [SensorKind, ...SensorKind[]]),
});

export const OpcUaSourceConfigSchema = z
  .object({
    id: SourceId,
    protocol: z.literal('opcua'),
    endpoint: z.string().regex(/^opc\.tcp:\/\//, 'an opc.tcp:// URL'),
    securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).optional(),
    securityPolicy: z.enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss']).optional(),
    /** Secret: never logged, never returned by the API. */
    user: z.object({ username: z.string().min(1), password: z.string() }).optional(),
    trustServerCertificates: z.enum(['auto', 'pinned']).optional(),
    serverCertificatesDir: z.string().optional(),
    samplingIntervalMs: z.number().int().nonnegative().optional(),
    publishingIntervalMs: z.number().int().positive().optional(),
    /** 'subscribe' (default) falls back to polling by itself when the server refuses subscriptions. */
    mode: z.enum(['subscribe', 'poll']).optional(),
    pollIntervalMs: z.number().int().min(50).optional(),
    /** Read these nodes instead of browsing Objects/Plant (any server's address space). */
    nodes: z.array(NodeMappingSchema).min(1).optional(),
    /** Asset metadata of an explicit node list (browsing finds it on Vigie-layout servers). */
    assets: z.array(MqttAssetSchema).optional(),
  })
  .refine((c) => !(c.securityMode && c.securityMode !== 'None' && c.securityPolicy === 'None'), {
    path: ['securityPolicy'],
    message: 'Sign and SignAndEncrypt need a security policy other than None',
  });
export type OpcUaSourceConfig = z.infer<typeof OpcUaSourceConfigSchema>;
