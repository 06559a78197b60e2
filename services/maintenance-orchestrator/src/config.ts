import { z } from 'zod';
import { Criticality } from '@vigie/contracts';

const envBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/** Thresholds of the rules that turn anomalies and RUL predictions into work orders (domain/rules.ts). */
export const RulesConfigSchema = z
  .object({
    /** Anomalies at or above this criticality open or escalate an order; lower ones only add evidence. */
    anomalyMinCriticality: Criticality.default('medium'),
    /** A RUL prediction whose lower bound is below this many hours opens or escalates an order. */
    rulHorizonHours: z.number().positive().default(168),
    /** Lower bound below this → P1. */
    rulP1Hours: z.number().positive().default(24),
    /** Lower bound below this → P2 (else P3). */
    rulP2Hours: z.number().positive().default(72),
    /** Evidence entries kept per kind on one order (most recent), so a noisy asset cannot grow a row forever. */
    maxEvidenceEntries: z.number().int().positive().default(50),
  })
  .refine((r) => r.rulP1Hours <= r.rulP2Hours, { message: 'rulP1Hours must not exceed rulP2Hours' });
export type RulesConfig = z.infer<typeof RulesConfigSchema>;

export const ConfigSchema = z.object({
  port: z.coerce.number().int().min(1).max(65535).default(8087),
  rules: RulesConfigSchema.default(RulesConfigSchema.parse({})),
  /** Seeds four demo technicians at start when the table is empty (embedded demo profile). */
  demoTechnicians: envBool.default(false),
  outbox: z
    .object({
      pollIntervalMs: z.coerce.number().int().min(10).default(1000),
      batchSize: z.coerce.number().int().min(1).max(1000).default(100),
    })
    .default({ pollIntervalMs: 1000, batchSize: 100 }),
  planning: z
    .object({
      horizonDays: z.coerce.number().int().min(1).max(31).default(7),
      /** Duration assumed for an open order that has no intervention yet. */
      defaultDurationHours: z.coerce.number().positive().max(24).default(4),
    })
    .default({ horizonDays: 7, defaultDurationHours: 4 }),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Defaults of the embedded profile, with overrides (tests pass inline config). */
export function parseConfig(input: ConfigInput = {}): Config {
  return ConfigSchema.parse(input);
}

/** Reads VIGIE_ORCHESTRATOR_* variables (zod coerces and checks them); only main.ts passes process.env here. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const num = (name: string): number | undefined => (env[name] === undefined ? undefined : Number(env[name]));
  const defined = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return ConfigSchema.parse(
    defined({
      port: env.VIGIE_ORCHESTRATOR_PORT,
      demoTechnicians: env.VIGIE_ORCHESTRATOR_DEMO_TECHNICIANS,
      rules: defined({
        anomalyMinCriticality: env.VIGIE_ORCHESTRATOR_ANOMALY_MIN_CRITICALITY,
        rulHorizonHours: num('VIGIE_ORCHESTRATOR_RUL_HORIZON_HOURS'),
        rulP1Hours: num('VIGIE_ORCHESTRATOR_RUL_P1_HOURS'),
        rulP2Hours: num('VIGIE_ORCHESTRATOR_RUL_P2_HOURS'),
      }),
      outbox: defined({ pollIntervalMs: env.VIGIE_ORCHESTRATOR_OUTBOX_POLL_MS }),
    }),
  );
}
