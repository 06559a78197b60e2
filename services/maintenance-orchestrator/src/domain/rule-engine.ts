import { Engine } from 'json-rules-engine';
import { AppError } from '@vigie/service-kit';
import {
  RuleSetSchema,
  type Rule,
  type RuleCondition,
  type RuleDecision,
  type RuleFactName,
  type RuleLeafCondition,
  type RuleSet,
} from '@vigie/contracts';

/** Every fact a rule may test; null when it does not apply to the signal (fails every numeric comparison). */
export type RuleFacts = Readonly<Record<RuleFactName, string | number | null>>;

/** The rule that decided, with its set's version (recorded in the order's evidence). */
export interface Verdict {
  readonly ruleId: string | null;
  readonly ruleSetVersion: number;
  readonly decision: RuleDecision;
}

/** A validated rule set, loaded in a json-rules-engine Engine, ready to evaluate signals. */
export interface CompiledRuleSet {
  readonly version: number;
  readonly rules: readonly Rule[];
  evaluate(facts: RuleFacts): Promise<Verdict>;
}

export interface RuleIssue {
  readonly path: string;
  readonly message: string;
}

/** No rule matched: the signal only adds evidence to an open order (what an uninteresting signal did before rules). */
const NO_MATCH: RuleDecision = { action: 'evidence' };

/**
 * Validates a rule set (zod shape, unique ids and priorities, operators json-rules-engine knows) and loads it.
 * Fails with RULES_INVALID (400) listing every issue; `raw` may be anything (a request body, a JSON file).
 */
export async function compileRuleSet(raw: unknown, version: number): Promise<CompiledRuleSet> {
  const parsed = RuleSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw rulesInvalid(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
  }
  const set: RuleSet = parsed.data;
  const issues = await operatorIssues(set.rules);
  if (issues.length > 0) throw rulesInvalid(issues);
  let engine: Engine;
  try {
    engine = new Engine(
      set.rules.map((r) => ({ name: r.id, priority: r.priority, conditions: r.conditions, event: r.event })),
      { allowUndefinedFacts: false },
    );
  } catch (err) {
    throw rulesInvalid([{ path: 'rules', message: (err as Error).message }]);
  }
  const byId = new Map(set.rules.map((r) => [r.id, r]));
  return {
    version,
    rules: set.rules,
    async evaluate(facts) {
      const { results } = await engine.run({ ...facts });
      // Priorities are unique (schema), so the highest-priority match is THE first match.
      const best = results.reduce<Rule | null>((top, result) => {
        const rule = byId.get(result.name);
        return rule && (top === null || rule.priority > top.priority) ? rule : top;
      }, null);
      return best === null
        ? { ruleId: null, ruleSetVersion: version, decision: NO_MATCH }
        : { ruleId: best.id, ruleSetVersion: version, decision: best.event.params };
    },
  };
}

export function rulesInvalid(issues: readonly RuleIssue[]): AppError {
  return new AppError('RULES_INVALID', `Invalid rule set: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    issues,
  });
}

/** One anomaly and one RUL prediction, typical values: every leaf is tried on both before a set is accepted. */
const PROBES: readonly RuleFacts[] = [
  {
    cause: 'anomaly',
    assetId: 'probe-1',
    sensorId: 'probe-1.vibration',
    sensorKind: 'vibration',
    criticality: 'high',
    score: 0.8,
    modelVersion: 'probe',
    rul: null,
    rulLower: null,
    rulUpper: null,
    rulLevel: null,
    healthIndex: null,
  },
  {
    cause: 'rul',
    assetId: 'probe-1',
    sensorId: null,
    sensorKind: null,
    criticality: null,
    score: null,
    modelVersion: 'probe',
    rul: 100,
    rulLower: 80,
    rulUpper: 120,
    rulLevel: 0.9,
    healthIndex: 0.5,
  },
];

/**
 * Has json-rules-engine itself evaluate every leaf on the probes: an operator it does not know (decorators like
 * `not:` included) or a value it cannot compare (e.g. `in` with a number) fails here, not on a live event.
 */
async function operatorIssues(rules: readonly Rule[]): Promise<RuleIssue[]> {
  const leaves = rules.flatMap((r, i) => collectLeaves(r.conditions, `rules.${i}.conditions`));
  const checked = await Promise.all(
    leaves.map(async ({ path, leaf }) => {
      const engine = new Engine([{ conditions: { all: [leaf] }, event: { type: 'probe' } }], { allowUndefinedFacts: false });
      for (const facts of PROBES) {
        try {
          await engine.run({ ...facts });
        } catch (err) {
          const message = (err as Error).message;
          return message.startsWith('Unknown operator')
            ? { path: `${path}.operator`, message: `unknown operator '${leaf.operator}'` }
            : { path, message: `json-rules-engine cannot evaluate this condition: ${message}` };
        }
      }
      return null;
    }),
  );
  return checked.filter((issue) => issue !== null);
}

function collectLeaves(c: RuleCondition, path: string): { path: string; leaf: RuleLeafCondition }[] {
  if ('all' in c) return c.all.flatMap((child, i) => collectLeaves(child, `${path}.all.${i}`));
  if ('any' in c) return c.any.flatMap((child, i) => collectLeaves(child, `${path}.any.${i}`));
  if ('not' in c) return collectLeaves(c.not, `${path}.not`);
  return [{ path, leaf: c }];
}
