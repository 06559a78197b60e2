import { describe, expect, it } from 'vitest';
import type { Criticality, Priority } from '@vigie/contracts';
import { compileRuleSet, type Verdict } from '../src/domain/rule-engine';
import { anomalySignal, decide, rulSignal, type OpenOrder, type Signal } from '../src/domain/rules';
import { DEFAULT_RULES } from '../src/use-cases/rule-book';
import { anomaly, NOW, rul } from './support';

const defaults = await compileRuleSet(DEFAULT_RULES, 1);
const HOUR = 3_600_000;
const open = (priority: Priority, dueDate: Date | null = null): OpenOrder => ({ priority, dueDate, evidence: {} });
const anomalyOf = (criticality: Criticality) => {
  const e = anomaly({ criticality });
  return anomalySignal(e.id, e.data);
};
const rulOf = (lower: number) => {
  const e = rul({ lower, rul: lower + 20, upper: lower + 40 });
  return rulSignal(e.id, e.data);
};
/** decide() under the shipped default rules. */
const judge = async (signal: Signal, order: OpenOrder | null, max = 50) =>
  decide(signal, await defaults.evaluate(signal.facts), order, max);

describe('default rules: every rule fires on its boundary and not just outside it', () => {
  it.each([
    ['anomaly-critical', () => anomalyOf('critical'), () => anomalyOf('high')],
    ['anomaly-high', () => anomalyOf('high'), () => anomalyOf('medium')],
    ['anomaly-medium', () => anomalyOf('medium'), () => anomalyOf('low')],
    ['anomaly-low', () => anomalyOf('low'), () => anomalyOf('medium')],
    ['rul-p1', () => rulOf(23.999), () => rulOf(24)],
    ['rul-p2', () => rulOf(71.999), () => rulOf(72)],
    ['rul-p3', () => rulOf(167.999), () => rulOf(168)],
    ['rul-beyond-horizon', () => rulOf(168), () => rulOf(167.999)],
    ['rul-recovered', () => rulOf(720), () => rulOf(719.999)],
  ] as const)('%s', async (ruleId, inside, outside) => {
    expect((await defaults.evaluate(inside().facts)).ruleId).toBe(ruleId);
    expect((await defaults.evaluate(outside().facts)).ruleId).not.toBe(ruleId);
  });

  it('each default rule is covered above', () => {
    expect(defaults.rules.map((r) => r.id).sort()).toEqual(
      ['anomaly-critical', 'anomaly-high', 'anomaly-low', 'anomaly-medium', 'rul-beyond-horizon', 'rul-p1', 'rul-p2', 'rul-p3', 'rul-recovered'].sort(),
    );
  });
});

describe('anomaly rules', () => {
  it.each([
    ['critical', 'P1'],
    ['high', 'P2'],
    ['medium', 'P3'],
  ] as const)('a %s anomaly with no open order opens one at %s', async (criticality, priority) => {
    const d = await judge(anomalyOf(criticality), null);
    expect(d).toMatchObject({
      action: 'create',
      priority,
      dueDate: null,
      failureMode: 'abnormal-behaviour',
      requiredSkills: ['mechanical', 'vibration'],
      estimatedDurationHours: 2,
    });
  });

  it('a low anomaly opens nothing', async () => {
    expect(await judge(anomalyOf('low'), null)).toEqual({ action: 'none' });
  });

  it('a low anomaly only adds evidence to an open order, keeping its priority', async () => {
    const d = await judge(anomalyOf('low'), open('P3'));
    expect(d).toMatchObject({ action: 'update', change: 'updated', priority: 'P3' });
    if (d.action !== 'update') throw new Error('expected update');
    expect(d.evidence.anomalies).toHaveLength(1);
    expect(d.evidence.anomalies?.[0]).toMatchObject({ criticality: 'low', modelVersion: 'iforest-3', score: 0.9 });
  });

  it('escalates an open order to a more urgent priority', async () => {
    expect(await judge(anomalyOf('critical'), open('P3'))).toMatchObject({ action: 'update', change: 'escalated', priority: 'P1' });
  });

  it.each(['medium', 'high', 'low'] as const)('never lowers a P1 order (%s anomaly)', async (criticality) => {
    expect(await judge(anomalyOf(criticality), open('P1'))).toMatchObject({ action: 'update', change: 'updated', priority: 'P1' });
  });

  it('carries the evidence bundle: ids, score, criticality, contributors, model version, deciding rule', async () => {
    const e = anomaly({ criticality: 'high', score: 0.77 });
    const d = await judge(anomalySignal(e.id, e.data), null);
    if (d.action !== 'create') throw new Error('expected create');
    expect(d.evidence.anomalies?.[0]).toMatchObject({
      eventId: e.id,
      anomalyId: e.data.anomalyId,
      score: 0.77,
      criticality: 'high',
      contributors: e.data.contributors,
      modelVersion: 'iforest-3',
      decidedBy: { ruleId: 'anomaly-high', ruleSetVersion: 1 },
    });
  });

  it('keeps only the most recent evidence entries', async () => {
    let evidence = {};
    for (let i = 0; i < 5; i++) {
      const d = await judge(anomalyOf('low'), { priority: 'P3', dueDate: null, evidence }, 3);
      if (d.action !== 'update') throw new Error('expected update');
      evidence = d.evidence;
    }
    expect((evidence as { anomalies: unknown[] }).anomalies).toHaveLength(3);
  });

  it('exposes the sensor kind (last segment of the sensor id) as a fact', () => {
    const e = anomaly({ sensorId: 'pump-01.winding_temperature' });
    expect(anomalySignal(e.id, e.data).facts).toMatchObject({ sensorKind: 'winding_temperature', cause: 'anomaly', rulLower: null });
  });
});

describe('RUL rules', () => {
  it.each([
    [10, 'P1'],
    [23.9, 'P1'],
    [24, 'P2'],
    [71.9, 'P2'],
    [72, 'P3'],
    [167.9, 'P3'],
  ] as const)('lower bound %s h opens a %s order due at prediction time + lower', async (lower, priority) => {
    const d = await judge(rulOf(lower), null);
    expect(d).toMatchObject({
      action: 'create',
      priority,
      failureMode: 'wear-out',
      requiredSkills: ['mechanical'],
      estimatedDurationHours: 4,
    });
    if (d.action !== 'create') throw new Error('expected create');
    expect(d.dueDate?.getTime()).toBe(NOW.getTime() + lower * HOUR);
    expect(d.evidence.rul?.[0]).toMatchObject({ lower, rul: lower + 20, upper: lower + 40, level: 0.9, modelVersion: 'gbt-2' });
  });

  it('a lower bound at or beyond the horizon opens nothing', async () => {
    expect(await judge(rulOf(168), null)).toEqual({ action: 'none' });
    expect(await judge(rulOf(500), null)).toEqual({ action: 'none' });
  });

  it('the horizon and thresholds come from the rule set', async () => {
    const strict = structuredClone(DEFAULT_RULES) as { rules: { id: string; conditions: { all: { value: unknown }[] } }[] };
    const limits: Record<string, number> = { 'rul-p1': 12, 'rul-p2': 30, 'rul-p3': 48, 'rul-beyond-horizon': 48 };
    for (const r of strict.rules) if (limits[r.id] !== undefined) r.conditions.all[1]!.value = limits[r.id];
    const compiled = await compileRuleSet(strict, 7);
    const near = rulOf(40);
    expect(decide(near, await compiled.evaluate(near.facts), null, 50)).toMatchObject({ action: 'create', priority: 'P3' });
    const far = rulOf(50);
    expect(decide(far, await compiled.evaluate(far.facts), null, 50)).toEqual({ action: 'none' });
  });

  it('escalation raises priority and pulls the due date earlier, never later', async () => {
    const early = new Date(NOW.getTime() + 5 * HOUR);
    const d = await judge(rulOf(50), open('P3', early));
    expect(d).toMatchObject({ action: 'update', change: 'escalated', priority: 'P2' });
    if (d.action !== 'update') throw new Error('expected update');
    expect(d.dueDate).toEqual(early);
    const later = await judge(rulOf(10), open('P3', new Date(NOW.getTime() + 100 * HOUR)));
    if (later.action !== 'update') throw new Error('expected update');
    expect(later.dueDate?.getTime()).toBe(NOW.getTime() + 10 * HOUR);
    expect(later.priority).toBe('P1');
  });

  it('never lowers a P1 RUL order', async () => {
    expect(await judge(rulOf(150), open('P1'))).toMatchObject({ action: 'update', change: 'updated', priority: 'P1' });
  });

  it('keeps the failure mode, skills and duration already on the open order', async () => {
    const order: OpenOrder = { ...open('P3'), failureMode: 'bearing', requiredSkills: ['vibration'], estimatedDurationHours: 6 };
    expect(await judge(rulOf(10), order)).toMatchObject({
      failureMode: 'bearing',
      requiredSkills: ['vibration'],
      estimatedDurationHours: 6,
    });
  });

  it("reads an interval without an upper bound as one: rulUpper is Infinity, not the model's cap", async () => {
    // A capped model's interval reaching its cap: `upper` (1 h here) is the cap, the RUL may be far longer.
    const e = rul({ lower: 0.6, rul: 0.9, upper: 1, upperUnbounded: true });
    const signal = rulSignal(e.id, e.data);
    expect(signal.facts).toMatchObject({ rulLower: 0.6, rulUpper: Number.POSITIVE_INFINITY });
    expect(signal.description).toBe('RUL 0.9 h, 90 % interval at least 0.6 h, no upper bound (model gbt-2).');
    expect(signal.evidence.entry).toMatchObject({ lower: 0.6, upper: 1, upperUnbounded: true });
    const tight = await compileRuleSet(
      {
        rules: [
          {
            id: 'upper-within-a-day',
            priority: 1,
            conditions: { all: [{ fact: 'rulUpper', operator: 'lessThan', value: 24 }] },
            event: { type: 'work-order', params: { action: 'open', priority: 'P1', failureMode: 'x', estimatedDurationHours: 1 } },
          },
        ],
      },
      2,
    );
    expect((await tight.evaluate(signal.facts)).ruleId).toBeNull();
    // A closed interval keeps its upper bound, and its evidence carries no flag.
    const closed = rulSignal(e.id, { ...e.data, upperUnbounded: false });
    expect(closed.facts.rulUpper).toBe(1);
    expect((await tight.evaluate(closed.facts)).ruleId).toBe('upper-within-a-day');
    expect(closed.description).toBe('RUL 0.9 h, 90 % interval [0.6, 1.0] h (model gbt-2).');
    expect(closed.evidence.entry).not.toHaveProperty('upperUnbounded');
  });
});

describe('recovery (rul-recovered closes what nobody acted on yet)', () => {
  const requested = (evidence: OpenOrder['evidence'] = {}): OpenOrder => ({ ...open('P3'), status: 'requested', evidence });
  const rulSignalEvidence = rulOf(100).evidence;
  const anomalySignalEvidence = anomalyOf('medium').evidence;
  if (rulSignalEvidence.kind !== 'rul' || anomalySignalEvidence.kind !== 'anomalies') throw new Error('unexpected evidence kinds');
  const rulEntry = rulSignalEvidence.entry;
  const anomalyEntry = anomalySignalEvidence.entry;

  it('closes a requested order that rests only on RUL predictions, with the rule reason and the evidence', async () => {
    const d = await judge(rulOf(800), requested({ rul: [rulEntry ] }));
    expect(d).toMatchObject({ action: 'close', reason: expect.stringContaining('recovered') });
    if (d.action !== 'close') throw new Error('expected close');
    expect(d.evidence.rul).toHaveLength(2);
    expect(d.evidence.rul?.[1]?.decidedBy).toEqual({ ruleId: 'rul-recovered', ruleSetVersion: 1 });
  });

  it('only adds evidence once someone acted on the order, or when an anomaly opened or joined it', async () => {
    for (const status of ['approved', 'planned', 'assigned', 'in_progress'] as const) {
      expect(await judge(rulOf(800), { ...requested(), status }), status).toMatchObject({ action: 'update', change: 'updated', priority: 'P3' });
    }
    expect(await judge(rulOf(800), requested({ anomalies: [anomalyEntry ] }))).toMatchObject({ action: 'update' });
    expect(await judge(rulOf(800), open('P3'))).toMatchObject({ action: 'update' }); // status unknown: never closed
  });

  it('closes nothing when no order is open, and a lower bound under 720 h does not close', async () => {
    expect(await judge(rulOf(800), null)).toEqual({ action: 'none' });
    expect(await judge(rulOf(700), requested())).toMatchObject({ action: 'update', change: 'updated' });
  });
});

describe('decisions', () => {
  const details = { failureMode: 'imbalance', requiredSkills: ['vibration'], estimatedDurationHours: 3 };
  const verdict = (decision: Verdict['decision']): Verdict => ({ ruleId: 'custom', ruleSetVersion: 9, decision });

  it('escalate never opens an order, but raises an open one', () => {
    const v = verdict({ action: 'escalate', priority: 'P2', ...details, due: null });
    expect(decide(anomalyOf('medium'), v, null, 50)).toEqual({ action: 'none' });
    const d = decide(anomalyOf('medium'), v, open('P4'), 50);
    expect(d).toMatchObject({ action: 'update', change: 'escalated', priority: 'P2', ...details });
    if (d.action !== 'update') throw new Error('expected update');
    expect(d.evidence.anomalies?.[0]?.decidedBy).toEqual({ ruleId: 'custom', ruleSetVersion: 9 });
  });

  it('a due date may be a fixed delay after the event', () => {
    const d = decide(
      anomalyOf('high'),
      verdict({ action: 'open', priority: 'P2', ...details, due: { from: 'event', withinHours: 8 } }),
      null,
      50,
    );
    expect(d).toMatchObject({ action: 'create', dueDate: new Date(NOW.getTime() + 8 * HOUR) });
  });

  it('a rul.lower due date is never before the prediction, and absent on an anomaly', () => {
    const due = { from: 'rul.lower', marginHours: 48 } as const;
    expect(decide(rulOf(10), verdict({ action: 'open', priority: 'P1', ...details, due }), null, 50)).toMatchObject({ dueDate: NOW });
    expect(decide(anomalyOf('high'), verdict({ action: 'open', priority: 'P1', ...details, due }), null, 50)).toMatchObject({
      dueDate: null,
    });
  });
});
