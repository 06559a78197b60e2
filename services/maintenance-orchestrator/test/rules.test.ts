import { describe, expect, it } from 'vitest';
import type { Criticality, Priority } from '@vigie/contracts';
import { parseConfig } from '../src/config';
import { anomalySignal, decide, rulSignal, type OpenOrder } from '../src/domain/rules';
import { anomaly, NOW, rul } from './support';

const rules = parseConfig().rules;
const HOUR = 3_600_000;
const open = (priority: Priority, dueDate: Date | null = null): OpenOrder => ({ priority, dueDate, evidence: {} });
const anomalyOf = (criticality: Criticality) => {
  const e = anomaly({ criticality });
  return anomalySignal(e.id, e.data, rules);
};
const rulOf = (lower: number) => {
  const e = rul({ lower, rul: lower + 20, upper: lower + 40 });
  return rulSignal(e.id, e.data, rules);
};

describe('anomaly rules', () => {
  it.each([
    ['critical', 'P1'],
    ['high', 'P2'],
    ['medium', 'P3'],
  ] as const)('a %s anomaly with no open order opens one at %s', (criticality, priority) => {
    const d = decide(anomalyOf(criticality), null, 50);
    expect(d).toMatchObject({ action: 'create', priority, dueDate: null });
  });

  it('a low anomaly opens nothing', () => {
    expect(decide(anomalyOf('low'), null, 50)).toEqual({ action: 'none' });
  });

  it('a low anomaly only adds evidence to an open order, keeping its priority', () => {
    const d = decide(anomalyOf('low'), open('P3'), 50);
    expect(d).toMatchObject({ action: 'update', change: 'updated', priority: 'P3' });
    if (d.action !== 'update') throw new Error('expected update');
    expect(d.evidence.anomalies).toHaveLength(1);
    expect(d.evidence.anomalies?.[0]).toMatchObject({ criticality: 'low', modelVersion: 'iforest-3', score: 0.9 });
  });

  it('escalates an open order to a more urgent priority', () => {
    expect(decide(anomalyOf('critical'), open('P3'), 50)).toMatchObject({ action: 'update', change: 'escalated', priority: 'P1' });
  });

  it.each(['medium', 'high', 'low'] as const)('never lowers a P1 order (%s anomaly)', (criticality) => {
    expect(decide(anomalyOf(criticality), open('P1'), 50)).toMatchObject({ action: 'update', change: 'updated', priority: 'P1' });
  });

  it('carries the evidence bundle: ids, score, criticality, contributors, model version', () => {
    const e = anomaly({ criticality: 'high', score: 0.77 });
    const d = decide(anomalySignal(e.id, e.data, rules), null, 50);
    if (d.action !== 'create') throw new Error('expected create');
    expect(d.evidence.anomalies?.[0]).toMatchObject({
      eventId: e.id,
      anomalyId: e.data.anomalyId,
      score: 0.77,
      criticality: 'high',
      contributors: e.data.contributors,
      modelVersion: 'iforest-3',
    });
  });

  it('keeps only the most recent evidence entries', () => {
    let evidence = {};
    for (let i = 0; i < 5; i++) {
      const d = decide(anomalyOf('low'), { priority: 'P3', dueDate: null, evidence }, 3);
      if (d.action !== 'update') throw new Error('expected update');
      evidence = d.evidence;
    }
    expect((evidence as { anomalies: unknown[] }).anomalies).toHaveLength(3);
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
  ] as const)('lower bound %s h opens a %s order due at prediction time + lower', (lower, priority) => {
    const d = decide(rulOf(lower), null, 50);
    expect(d).toMatchObject({ action: 'create', priority });
    if (d.action !== 'create') throw new Error('expected create');
    expect(d.dueDate?.getTime()).toBe(NOW.getTime() + lower * HOUR);
    expect(d.evidence.rul?.[0]).toMatchObject({ lower, rul: lower + 20, upper: lower + 40, level: 0.9, modelVersion: 'gbt-2' });
  });

  it('a lower bound at or beyond the horizon opens nothing', () => {
    expect(decide(rulOf(168), null, 50)).toEqual({ action: 'none' });
    expect(decide(rulOf(500), null, 50)).toEqual({ action: 'none' });
  });

  it('the horizon and thresholds come from config', () => {
    const strict = parseConfig({ rules: { rulHorizonHours: 48, rulP1Hours: 12, rulP2Hours: 30 } }).rules;
    const e = rul({ lower: 40 });
    expect(decide(rulSignal(e.id, e.data, strict), null, 50)).toMatchObject({ action: 'create', priority: 'P3' });
    const far = rul({ lower: 50 });
    expect(decide(rulSignal(far.id, far.data, strict), null, 50)).toEqual({ action: 'none' });
  });

  it('escalation raises priority and pulls the due date earlier, never later', () => {
    const early = new Date(NOW.getTime() + 5 * HOUR);
    const d = decide(rulOf(50), open('P3', early), 50);
    expect(d).toMatchObject({ action: 'update', change: 'escalated', priority: 'P2' });
    if (d.action !== 'update') throw new Error('expected update');
    expect(d.dueDate).toEqual(early);
    const later = decide(rulOf(10), open('P3', new Date(NOW.getTime() + 100 * HOUR)), 50);
    if (later.action !== 'update') throw new Error('expected update');
    expect(later.dueDate?.getTime()).toBe(NOW.getTime() + 10 * HOUR);
    expect(later.priority).toBe('P1');
  });

  it('never lowers a P1 RUL order', () => {
    expect(decide(rulOf(150), open('P1'), 50)).toMatchObject({ action: 'update', change: 'updated', priority: 'P1' });
  });
});
