import { describe, expect, it } from 'vitest';
import { AppError } from '@vigie/service-kit';
import type { Rule } from '@vigie/contracts';
import { loadConfig } from '../src/config';
import { compileRuleSet, type RuleFacts } from '../src/domain/rule-engine';
import { DEFAULT_RULES } from '../src/use-cases/rule-book';

const FACTS: RuleFacts = {
  cause: 'anomaly',
  assetId: 'pump-01',
  sensorId: 'pump-01.vibration',
  sensorKind: 'vibration',
  criticality: 'medium',
  score: 0.6,
  modelVersion: 'iforest-3',
  rul: null,
  rulLower: null,
  rulUpper: null,
  rulLevel: null,
  healthIndex: null,
};

const rule = (id: string, priority: number, conditions: unknown, params: unknown = { action: 'evidence' }) =>
  ({ id, priority, conditions, event: { type: 'work-order', params } }) as unknown as Rule;
const OPEN_P2 = { action: 'open', priority: 'P2', failureMode: 'x', requiredSkills: [], estimatedDurationHours: 1 };

/** The issues of the RULES_INVALID error `raw` must raise. */
async function issuesOf(raw: unknown): Promise<{ path: string; message: string }[]> {
  const err = await compileRuleSet(raw, 1).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code: 'RULES_INVALID', status: 400 });
  return (err as AppError & { details: { issues: { path: string; message: string }[] } }).details.issues;
}

describe('rule-set validation', () => {
  it('accepts the shipped default rules', async () => {
    expect((await compileRuleSet(DEFAULT_RULES, 1)).rules).toHaveLength(9);
  });

  it.each([
    ['not an object', 'nope', '(root)'],
    ['no rules', { rules: [] }, 'rules'],
    ['an unknown fact', { rules: [rule('a', 1, { all: [{ fact: 'temperature', operator: 'equal', value: 1 }] })] }, 'rules.0.conditions'],
    [
      'a fact reference to an unknown fact',
      { rules: [rule('a', 1, { all: [{ fact: 'rul', operator: 'lessThan', value: { fact: 'nope' } }] })] },
      'rules.0.conditions',
    ],
    ['a leaf at the root', { rules: [rule('a', 1, { fact: 'score', operator: 'equal', value: 1 })] }, 'rules.0.conditions'],
    ['a named-condition reference', { rules: [rule('a', 1, { all: [{ condition: 'shared' }] })] }, 'rules.0.conditions'],
    ['priority 0 (json-rules-engine needs ≥ 1)', { rules: [rule('a', 0, { all: [] })] }, 'rules.0.priority'],
    ['a priority P9', { rules: [rule('a', 1, { all: [] }, { ...OPEN_P2, priority: 'P9' })] }, 'rules.0.event.params.priority'],
    ['an unknown action', { rules: [rule('a', 1, { all: [] }, { action: 'delete' })] }, 'rules.0.event.params.action'],
    [
      'open without a duration',
      { rules: [rule('a', 1, { all: [] }, { ...OPEN_P2, estimatedDurationHours: undefined })] },
      'rules.0.event.params.estimatedDurationHours',
    ],
    [
      'an unknown due origin',
      { rules: [rule('a', 1, { all: [] }, { ...OPEN_P2, due: { from: 'rul.upper' } })] },
      'rules.0.event.params.due.from',
    ],
    ['duplicate ids', { rules: [rule('a', 1, { all: [] }), rule('a', 2, { all: [] })] }, 'rules.1.id'],
    ['duplicate priorities', { rules: [rule('a', 5, { all: [] }), rule('b', 5, { all: [] })] }, 'rules.1.priority'],
    ['an unknown property', { rules: [{ ...rule('a', 1, { all: [] }), onSuccess: 'x' }] }, 'rules.0'],
  ])('rejects %s', async (_what, raw, path) => {
    const issues = await issuesOf(raw);
    expect(issues.map((i) => i.path)).toContain(path);
  });

  it('rejects an operator json-rules-engine does not know, naming where it is', async () => {
    const raw = { rules: [rule('a', 1, { all: [{ any: [{ fact: 'score', operator: 'greaterThn', value: 0.5 }] }] })] };
    expect(await issuesOf(raw)).toEqual([{ path: 'rules.0.conditions.all.0.any.0.operator', message: "unknown operator 'greaterThn'" }]);
  });

  it('rejects a value json-rules-engine cannot compare with its operator', async () => {
    const raw = { rules: [rule('a', 1, { all: [{ fact: 'criticality', operator: 'in', value: 3 }] })] };
    const [issue] = await issuesOf(raw);
    expect(issue).toMatchObject({ path: 'rules.0.conditions.all.0', message: expect.stringMatching(/cannot evaluate/) });
  });

  it('accepts every json-rules-engine operator and decorator', async () => {
    const ops = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive', 'not:equal'];
    const leaves = ops.map((operator) => ({ fact: 'score', operator, value: 0.5 }));
    const raw = {
      rules: [
        rule('a', 1, {
          any: [
            ...leaves,
            { fact: 'criticality', operator: 'in', value: ['high'] },
            { fact: 'criticality', operator: 'notIn', value: ['low'] },
          ],
        }),
      ],
    };
    await expect(compileRuleSet(raw, 1)).resolves.toBeDefined();
  });
});

describe('rule evaluation', () => {
  it('the matching rule with the highest priority wins, whatever the order in the document', async () => {
    const rules = [
      rule('broad', 10, { all: [{ fact: 'cause', operator: 'equal', value: 'anomaly' }] }, { ...OPEN_P2, priority: 'P4' }),
      rule('narrow', 20, { all: [{ fact: 'sensorKind', operator: 'equal', value: 'vibration' }] }, OPEN_P2),
      rule('unmatched', 30, { all: [{ fact: 'score', operator: 'greaterThan', value: 0.9 }] }, { ...OPEN_P2, priority: 'P1' }),
    ];
    for (const order of [rules, [...rules].reverse()]) {
      const verdict = await (await compileRuleSet({ rules: order }, 3)).evaluate(FACTS);
      expect(verdict).toMatchObject({ ruleId: 'narrow', ruleSetVersion: 3, decision: { action: 'open', priority: 'P2' } });
    }
  });

  it('no match only adds evidence, recorded with a null rule id', async () => {
    const set = await compileRuleSet(
      { rules: [rule('never', 1, { all: [{ fact: 'score', operator: 'greaterThan', value: 2 }] }, OPEN_P2)] },
      4,
    );
    expect(await set.evaluate(FACTS)).toEqual({ ruleId: null, ruleSetVersion: 4, decision: { action: 'evidence' } });
  });

  it('a fact that does not apply (null) fails numeric comparisons instead of throwing', async () => {
    const set = await compileRuleSet(
      { rules: [rule('rul-short', 1, { all: [{ fact: 'rulLower', operator: 'lessThan', value: 1e9 }] }, OPEN_P2)] },
      1,
    );
    expect((await set.evaluate(FACTS)).ruleId).toBeNull();
  });

  it('compares a fact with another fact', async () => {
    const set = await compileRuleSet(
      { rules: [rule('wide', 1, { all: [{ fact: 'rulUpper', operator: 'greaterThan', value: { fact: 'rul' } }] }, OPEN_P2)] },
      1,
    );
    expect((await set.evaluate({ ...FACTS, cause: 'rul', rul: 10, rulLower: 5, rulUpper: 30 })).ruleId).toBe('wide');
    expect((await set.evaluate({ ...FACTS, cause: 'rul', rul: 10, rulLower: 5, rulUpper: 10 })).ruleId).toBeNull();
  });
});

describe('configuration', () => {
  it('refuses the former threshold variables: they are rules now', () => {
    expect(() => loadConfig({ VIGIE_ORCHESTRATOR_RUL_P1_HOURS: '12' })).toThrow(/VIGIE_ORCHESTRATOR_RUL_P1_HOURS.*PUT \/api\/v1\/rules/);
    expect(loadConfig({}).rules).toEqual({ maxEvidenceEntries: 50 });
  });
});
