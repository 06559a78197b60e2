import { z } from 'zod';
import { Priority } from '../events/common';

/**
 * Orchestration rules: json-rules-engine documents that turn one anomaly or RUL prediction into a work-order decision.
 * The orchestrator evaluates every rule and applies the matching one with the HIGHEST `priority` (priorities are
 * unique in a set, so "first match" is never ambiguous). A fact that does not apply to the signal (e.g. `rulLower` for
 * an anomaly) is null, which fails every numeric comparison. The service also checks, with json-rules-engine itself,
 * that every operator exists (PUT /api/v1/rules → 400 RULES_INVALID with the issues).
 */
export const RULE_FACTS = {
  cause: "'anomaly' or 'rul' (the order the signal feeds)",
  assetId: 'asset id',
  sensorId: 'sensor of the anomaly (null for RUL)',
  sensorKind: "sensor kind: the sensor id's last `.` segment, e.g. 'vibration' (null for RUL)",
  criticality: "'low' | 'medium' | 'high' | 'critical' (null for RUL)",
  score: 'anomaly score in [0, 1] (null for RUL)',
  modelVersion: 'version of the model that produced the signal',
  rul: 'RUL point estimate, hours (null for anomalies)',
  rulLower: 'lower bound of the RUL interval, hours (null for anomalies)',
  rulUpper: 'upper bound of the RUL interval, hours (Infinity when the interval has no upper bound; null for anomalies)',
  rulLevel: 'nominal coverage of the RUL interval, e.g. 0.9 (null for anomalies)',
  healthIndex: 'health index in [0, 1] (null for anomalies)',
} as const;
export type RuleFactName = keyof typeof RULE_FACTS;
export const RuleFact = z.enum(Object.keys(RULE_FACTS) as [RuleFactName, ...RuleFactName[]]);

const Scalar = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
/** A leaf: `fact operator value`; `value` may name another fact (`{ "fact": "rulUpper" }`). */
export const RuleLeafCondition = z
  .object({
    fact: RuleFact,
    /** A json-rules-engine operator, decorators included (`lessThan`, `in`, `not:equal`…); checked by the service. */
    operator: z.string().min(1).max(60),
    value: z.union([Scalar, z.array(Scalar).max(100), z.object({ fact: RuleFact }).strict()]),
  })
  .strict();
export type RuleLeafCondition = z.infer<typeof RuleLeafCondition>;
export type RuleCondition = RuleLeafCondition | { all: RuleCondition[] } | { any: RuleCondition[] } | { not: RuleCondition };
/** Recursive: the OpenAPI documents hold it once, as the component named by its id. */
export const RuleCondition: z.ZodType<RuleCondition> = z
  .lazy(() =>
    z.union([
      RuleLeafCondition,
      z.object({ all: z.array(RuleCondition).min(1).max(50) }).strict(),
      z.object({ any: z.array(RuleCondition).min(1).max(50) }).strict(),
      z.object({ not: RuleCondition }).strict(),
    ]),
  )
  .meta({ id: 'RuleCondition' });
/** json-rules-engine wants a boolean node at the root. */
export const RuleTopCondition = z.union([
  z.object({ all: z.array(RuleCondition).max(50) }).strict(),
  z.object({ any: z.array(RuleCondition).min(1).max(50) }).strict(),
  z.object({ not: RuleCondition }).strict(),
]);

/** Due date: the RUL interval's lower bound minus a margin, or a fixed delay after the event. */
export const DueRule = z.discriminatedUnion('from', [
  z.object({ from: z.literal('rul.lower'), marginHours: z.number().min(0).max(8760).default(0) }).strict(),
  z.object({ from: z.literal('event'), withinHours: z.number().positive().max(8760) }).strict(),
]);
export type DueRule = z.infer<typeof DueRule>;

const OrderFields = {
  priority: Priority,
  failureMode: z.string().min(1).max(100),
  requiredSkills: z.array(z.string().min(1).max(50)).max(10).default([]),
  estimatedDurationHours: z.number().positive().max(240),
  /** null: no due date (or keep the open order's). */
  due: DueRule.nullable().default(null),
};
/**
 * What a matching rule does. `open`: open an order (or escalate the open one); `escalate`: only raise an open order,
 * never open one; `evidence`: only append the signal to an open order; `close`: the signal says the asset recovered —
 * cancel the open predictive order with `reason` when nobody has acted on it yet (still `requested`) and it rests only
 * on evidence of the signal's own kind; otherwise only append the evidence (people decide). Escalation never lowers a
 * priority nor moves a due date later.
 */
export const RuleDecision = z.discriminatedUnion('action', [
  z.object({ action: z.literal('open'), ...OrderFields }).strict(),
  z.object({ action: z.literal('escalate'), ...OrderFields }).strict(),
  z.object({ action: z.literal('evidence') }).strict(),
  z.object({ action: z.literal('close'), reason: z.string().min(1).max(200) }).strict(),
]);
export type RuleDecision = z.infer<typeof RuleDecision>;

export const RuleSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(80)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and - only'),
    description: z.string().max(500).default(''),
    /** Higher wins when several rules match (json-rules-engine's meaning); unique within a set. */
    priority: z.number().int().min(1).max(1_000_000),
    conditions: RuleTopCondition,
    event: z.object({ type: z.literal('work-order'), params: RuleDecision }).strict(),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

const RulesArray = z
  .array(RuleSchema)
  .min(1)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = { id: new Map<string, number>(), priority: new Map<number, number>() };
    rules.forEach((r, i) => {
      for (const [key, value] of [['id', r.id] as const, ['priority', r.priority] as const]) {
        const map = seen[key] as Map<string | number, number>;
        const first = map.get(value);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, key], message: `duplicate ${key} ${value} (rule ${first})` });
        else map.set(value, i);
      }
    });
  });

/** A rule set as shipped (config/default-rules.json) or sent by PUT /api/v1/rules. */
export const RuleSetSchema = z.object({ rules: RulesArray }).strict();
export type RuleSet = z.infer<typeof RuleSetSchema>;

export const PutRulesRequest = z.object({ author: z.string().min(1).max(100), rules: RulesArray }).strict();

export const RuleSetVersionSummary = z.object({
  version: z.number().int().positive(),
  author: z.string(),
  createdAt: z.string().datetime({ offset: true }),
  active: z.boolean(),
  ruleCount: z.number().int().nonnegative(),
});
export const RulesResponse = RuleSetVersionSummary.extend({ rules: z.array(RuleSchema) });
export type RulesResponse = z.infer<typeof RulesResponse>;
export const RuleSetVersionsResponse = z.object({ versions: z.array(RuleSetVersionSummary) });

/** Recorded on each evidence entry of a work order: which rule of which set decided (ruleId null: none matched). */
export const FiredRule = z.object({ ruleId: z.string().nullable(), ruleSetVersion: z.number().int().positive() });
export type FiredRule = z.infer<typeof FiredRule>;
