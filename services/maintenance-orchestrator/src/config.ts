import { z } from 'zod';

const envBool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

/**
 * Settings of rule application (domain/rules.ts). The decision thresholds themselves (criticality → priority, RUL
 * horizons) are orchestration rules now: config/default-rules.json, replaced at run time by PUT /api/v1/rules.
 */
export const RulesConfigSchema = z
  .object({
    /** Evidence entries kept per kind on one order (most recent), so a noisy asset cannot grow a row forever. */
    maxEvidenceEntries: z.number().int().positive().default(50),
  })
  .strict();
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
      /** Overtime a technician may work past a shift's end, hours per day. */
      maxOvertimeHours: z.coerce.number().min(0).max(8).default(2),
      /** Cost of an overtime hour, in "P4 hours late" (a P1 hour late costs 8). */
      overtimeCostPerHour: z.coerce.number().min(0).default(2),
      /** Cost of leaving a job unplanned, in hours late of its priority. */
      unassignedPenaltyHours: z.coerce.number().positive().default(1000),
      /** HiGHS time limit, seconds; past it the best plan found is returned (or the greedy plan if none). */
      solverTimeLimitSeconds: z.coerce.number().positive().max(600).default(10),
      /** HiGHS stops once the relative gap to its proven bound is at most this. */
      mipRelGap: z.coerce.number().min(0).max(1).default(0.01),
    })
    .default({
      horizonDays: 7,
      defaultDurationHours: 4,
      maxOvertimeHours: 2,
      overtimeCostPerHour: 2,
      unassignedPenaltyHours: 1000,
      solverTimeLimitSeconds: 10,
      mipRelGap: 0.01,
    }),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Defaults of the embedded profile, with overrides (tests pass inline config). */
export function parseConfig(input: ConfigInput = {}): Config {
  return ConfigSchema.parse(input);
}

/** Threshold variables of the hand-coded rules; their values live in the orchestration rules now. */
export const MOVED_TO_RULES = [
  'VIGIE_ORCHESTRATOR_ANOMALY_MIN_CRITICALITY',
  'VIGIE_ORCHESTRATOR_RUL_HORIZON_HOURS',
  'VIGIE_ORCHESTRATOR_RUL_P1_HOURS',
  'VIGIE_ORCHESTRATOR_RUL_P2_HOURS',
] as const;

/**
 * Reads VIGIE_ORCHESTRATOR_* variables (zod coerces and checks them); only main.ts passes process.env here. Refuses
 * the former threshold variables rather than silently ignoring them.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const moved = MOVED_TO_RULES.filter((name) => env[name] !== undefined);
  if (moved.length > 0) {
    throw new Error(`${moved.join(', ')}: thresholds are orchestration rules now; edit them with PUT /api/v1/rules`);
  }
  const defined = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return ConfigSchema.parse(
    defined({
      port: env.VIGIE_ORCHESTRATOR_PORT,
      demoTechnicians: env.VIGIE_ORCHESTRATOR_DEMO_TECHNICIANS,
      outbox: defined({ pollIntervalMs: env.VIGIE_ORCHESTRATOR_OUTBOX_POLL_MS }),
    }),
  );
}
