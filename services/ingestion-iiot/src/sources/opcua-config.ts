import { z } from 'zod';

export const SourceId = z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and . _ - only');

export const OpcUaSourceConfigSchema = z.object({
  id: SourceId,
  protocol: z.literal('opcua'),
  endpoint: z.string().regex(/^opc\.tcp:\/\//, 'an opc.tcp:// URL'),
});
export type OpcUaSourceConfig = z.infer<typeof OpcUaSourceConfigSchema>;
