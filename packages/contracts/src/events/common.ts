import { z } from 'zod';

export const AssetId = z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
export const SensorId = z.string().min(1).max(150).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');
/** Epoch milliseconds. */
export const EpochMs = z.number().int().nonnegative();
export const Quality = z.enum(['good', 'uncertain', 'bad']);
export type Quality = z.infer<typeof Quality>;
export const Criticality = z.enum(['low', 'medium', 'high', 'critical']);
export type Criticality = z.infer<typeof Criticality>;
export const Priority = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Priority = z.infer<typeof Priority>;
