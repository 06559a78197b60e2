import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS, type WorkOrder } from '@vigie/contracts';
import { DEFAULT_RULES, DEFAULT_RULES_AUTHOR } from '../src/use-cases/rule-book';
import { anomaly, NOW, publishEvents, rul, startHarness, waitConsumed, workOrderEvents, type Harness } from './support';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const inject = (method: 'GET' | 'PUT', url: string, payload?: unknown) =>
  h.service.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

async function consume(topic: string, events: Parameters<typeof publishEvents>[2]): Promise<void> {
  await publishEvents(h.bus, topic, events);
  await waitConsumed(h.bus, topic);
}

async function orders(assetId: string): Promise<WorkOrder[]> {
  const res = await inject('GET', `/api/v1/work-orders?assetId=${assetId}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as { workOrders: WorkOrder[] }).workOrders;
}

type RuleDoc = { id: string; priority: number; event: { params: Record<string, unknown> } };
/** The default rules with `patch` applied to the params of rule `id`. */
function defaultsWith(id: string, patch: Record<string, unknown>): { author: string; rules: RuleDoc[] } {
  const { rules } = structuredClone(DEFAULT_RULES) as { rules: RuleDoc[] };
  const rule = rules.find((r) => r.id === id)!;
  rule.event.params = { ...rule.event.params, ...patch };
  return { author: 'alice', rules };
}

const decidedBy = (order: WorkOrder | undefined, kind: 'anomalies' | 'rul' = 'anomalies') =>
  (order?.evidence[kind] as { decidedBy: unknown }[]).map((e) => e.decidedBy);

describe('orchestration rules API', () => {
  it('serves the shipped defaults as version 1 on a fresh service', async () => {
    const res = await inject('GET', '/api/v1/rules');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 1, author: DEFAULT_RULES_AUTHOR, active: true, ruleCount: 9 });
    expect(res.json().rules).toEqual((DEFAULT_RULES as { rules: unknown[] }).rules);
    const versions = await inject('GET', '/api/v1/rules/versions');
    expect(versions.json()).toMatchObject({ versions: [{ version: 1, active: true, ruleCount: 9 }] });
  });

  it.each([
    [
      'an unknown operator',
      {
        author: 'bob',
        rules: [
          {
            id: 'x',
            priority: 1,
            conditions: { all: [{ fact: 'score', operator: 'over', value: 1 }] },
            event: { type: 'work-order', params: { action: 'evidence' } },
          },
        ],
      },
    ],
    ['no author', { rules: (DEFAULT_RULES as { rules: unknown[] }).rules }],
    ['no body', undefined],
    ['an array', []],
  ])('answers 400 RULES_INVALID with the issues for %s, and keeps the active version', async (_what, body) => {
    const res = await inject('PUT', '/api/v1/rules', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'RULES_INVALID', details: { issues: expect.any(Array) } });
    expect(res.json().error.details.issues.length).toBeGreaterThan(0);
    expect((await inject('GET', '/api/v1/rules')).json()).toMatchObject({ version: 1 });
    expect((await inject('GET', '/api/v1/rules/versions')).json().versions).toHaveLength(1);
  });

  it('a PUT hot-reloads: the next event is decided by the new version, recorded in the evidence', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'fan-1', criticality: 'medium' })]);
    const [before] = await orders('fan-1');
    expect(before).toMatchObject({
      priority: 'P3',
      failureMode: 'abnormal-behaviour',
      requiredSkills: ['mechanical', 'vibration'],
      estimatedDurationHours: 2,
    });
    expect(decidedBy(before)).toEqual([{ ruleId: 'anomaly-medium', ruleSetVersion: 1 }]);

    const put = await inject(
      'PUT',
      '/api/v1/rules',
      defaultsWith('anomaly-medium', { priority: 'P1', failureMode: 'imbalance', estimatedDurationHours: 3 }),
    );
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ version: 2, author: 'alice', active: true });

    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'fan-2', criticality: 'medium' })]);
    const [fresh] = await orders('fan-2');
    expect(fresh).toMatchObject({ priority: 'P1', failureMode: 'imbalance', estimatedDurationHours: 3 });
    expect(decidedBy(fresh)).toEqual([{ ruleId: 'anomaly-medium', ruleSetVersion: 2 }]);
    // The open order of fan-1 is escalated by the new rule, keeping the details it was opened with.
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'fan-1', criticality: 'medium' })]);
    const [escalated] = await orders('fan-1');
    expect(escalated).toMatchObject({ priority: 'P1', failureMode: 'abnormal-behaviour' });
    expect(decidedBy(escalated)).toEqual([
      { ruleId: 'anomaly-medium', ruleSetVersion: 1 },
      { ruleId: 'anomaly-medium', ruleSetVersion: 2 },
    ]);
    expect(
      workOrderEvents(h.bus)
        .filter((e) => e.subject === 'fan-1')
        .at(-1)?.data,
    ).toMatchObject({ change: 'escalated', workOrder: { failureMode: 'abnormal-behaviour' } });

    const versions = (await inject('GET', '/api/v1/rules/versions')).json().versions as { version: number; active: boolean }[];
    expect(versions.map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('replaying the same event twice under edited rules creates one order', async () => {
    await inject(
      'PUT',
      '/api/v1/rules',
      defaultsWith('anomaly-low', { action: 'open', priority: 'P4', failureMode: 'drift', estimatedDurationHours: 1 }),
    );
    const e = anomaly({ assetId: 'belt-3', criticality: 'low' });
    await consume(TOPICS.anomaliesDetected, [e, e]);
    await consume(TOPICS.anomaliesDetected, [e]);
    const all = await orders('belt-3');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ priority: 'P4', failureMode: 'drift' });
    expect(all[0]?.evidence.anomalies).toHaveLength(1);
    expect(workOrderEvents(h.bus)).toHaveLength(1);
  });

  it('escalation never lowers a priority, even when a new rule asks for a lower one', async () => {
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'press-1', criticality: 'critical' })]);
    await inject('PUT', '/api/v1/rules', defaultsWith('anomaly-critical', { priority: 'P4' }));
    await consume(TOPICS.anomaliesDetected, [anomaly({ assetId: 'press-1', criticality: 'critical' })]);
    const [order] = await orders('press-1');
    expect(order?.priority).toBe('P1');
    expect(workOrderEvents(h.bus).map((e) => [e.data.change, e.data.workOrder.priority])).toEqual([
      ['created', 'P1'],
      ['updated', 'P1'],
    ]);
  });

  it('dates a RUL order from the interval lower bound minus the rule margin', async () => {
    await inject(
      'PUT',
      '/api/v1/rules',
      defaultsWith('rul-p2', { due: { from: 'rul.lower', marginHours: 12 }, requiredSkills: ['lubrication'] }),
    );
    await consume(TOPICS.rulPredictions, [rul({ assetId: 'gear-1', lower: 50, rul: 80, upper: 120 })]);
    const [order] = await orders('gear-1');
    expect(order).toMatchObject({ priority: 'P2', failureMode: 'wear-out', requiredSkills: ['lubrication'], estimatedDurationHours: 4 });
    expect(order?.dueDate).toBe(new Date(NOW.getTime() + (50 - 12) * 3_600_000).toISOString());
    expect(decidedBy(order, 'rul')).toEqual([{ ruleId: 'rul-p2', ruleSetVersion: 2 }]);
  });

  it('keeps the active version across a restart (defaults are seeded once)', async () => {
    await inject('PUT', '/api/v1/rules', defaultsWith('anomaly-high', { priority: 'P1' }));
    await h.service.stop();
    const restarted = await startHarness({ db: h.db, bus: h.bus });
    try {
      const res = await restarted.service.app.inject({ method: 'GET', url: '/api/v1/rules/versions' });
      expect((res.json() as { versions: { version: number; active: boolean }[] }).versions.map((v) => [v.version, v.active])).toEqual([
        [2, true],
        [1, false],
      ]);
    } finally {
      await restarted.service.stop();
    }
  });
});
