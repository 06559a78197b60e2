import { WsMessageSchema, type WsMessage } from '@vigie/contracts';
import { describe, expect, it } from 'vitest';
import {
  RECENT_ALERT_CHANGE_LIMIT,
  RECENT_ANOMALY_LIMIT,
  applyMessage,
  countOpenWorkOrders,
  initialPlantState,
  type PlantState,
} from '../src/state/plant-state';
import { alert, anomaly, asset, rul, service, workOrder } from './fixtures';

/** Every message a test feeds must satisfy the contract, so the reducer is only tested on what the server may send. */
function apply(state: PlantState, ...messages: WsMessage[]): PlantState {
  return messages.reduce((s, m) => applyMessage(s, WsMessageSchema.parse(m)), state);
}

function snapshot(over: Partial<Extract<WsMessage, { type: 'snapshot' }>> = {}): WsMessage {
  return { type: 'snapshot', seq: 0, services: [], assets: [], workOrders: [], alerts: [], ...over };
}

const ids = (items: readonly { id: string }[]): string[] => items.map((i) => i.id);

describe('applyMessage', () => {
  it('starts unsynced and empty', () => {
    expect(initialPlantState.synced).toBe(false);
    expect(initialPlantState.assets).toEqual([]);
  });

  it('takes a snapshot as the whole truth, keeping only open work orders and active alerts', () => {
    const state = apply(
      initialPlantState,
      snapshot({
        services: [service('rul-prediction'), service('monitoring', 'DOWN')],
        assets: [asset({ id: 'b', line: 'L2' }), asset({ id: 'a', line: 'L1' })],
        workOrders: [workOrder({ id: 'wo-1' }), workOrder({ id: 'wo-2', status: 'done' })],
        alerts: [alert({ id: 'al-1' }), alert({ id: 'al-2', clearedAt: '2025-01-10T09:00:00Z' })],
      }),
    );
    expect(state.synced).toBe(true);
    expect(state.services.map((s) => s.service)).toEqual(['monitoring', 'rul-prediction']);
    expect(ids(state.assets)).toEqual(['a', 'b']);
    expect(ids(state.workOrders)).toEqual(['wo-1']);
    expect(ids(state.alerts)).toEqual(['al-1']);
  });

  it("seeds recent anomalies from the snapshot's assets and keeps those seen before a reconnect", () => {
    const before = apply(initialPlantState, snapshot(), { type: 'anomaly', anomaly: anomaly({ anomalyId: 'x1' }) });
    const after = apply(
      before,
      snapshot({ assets: [asset({ id: 'pump-1', lastAnomaly: anomaly({ anomalyId: 'x2', detectedAt: 1_700_000_009_000 }) })] }),
    );
    expect(after.recentAnomalies.map((a) => a.anomalyId)).toEqual(['x2', 'x1']);
  });

  it('replaces the services list', () => {
    const state = apply(initialPlantState, snapshot({ services: [service('a')] }), {
      type: 'services',
      services: [service('b', 'DOWN')],
    });
    expect(state.services).toEqual([service('b', 'DOWN')]);
  });

  it("replaces one asset's health by id and leaves the others untouched", () => {
    const before = apply(initialPlantState, snapshot({ assets: [asset({ id: 'pump-1' }), asset({ id: 'other' })] }));
    const after = apply(before, { type: 'asset', asset: asset({ id: 'pump-1', health: 0.2, status: 'alarm' }) });
    expect(after.assets.find((a) => a.id === 'pump-1')).toMatchObject({ health: 0.2, status: 'alarm' });
    // Same object, so React can skip re-rendering the untouched card.
    expect(after.assets.find((a) => a.id === 'other')).toBe(before.assets.find((a) => a.id === 'other'));
  });

  it('keeps a newer anomaly and RUL than the ones an asset message carries', () => {
    const state = apply(
      initialPlantState,
      snapshot({ assets: [asset({ id: 'pump-1' })] }),
      { type: 'anomaly', anomaly: anomaly({ anomalyId: 'fresh', detectedAt: 5_000 }) },
      { type: 'rul', prediction: rul({ predictionId: 'fresh', predictedAt: 5_000 }) },
      {
        type: 'asset',
        asset: asset({
          id: 'pump-1',
          health: 0.4,
          lastAnomaly: anomaly({ anomalyId: 'stale', detectedAt: 1_000 }),
          lastRul: null,
        }),
      },
    );
    expect(state.assets[0]).toMatchObject({ health: 0.4 });
    expect(state.assets[0]?.lastAnomaly?.anomalyId).toBe('fresh');
    expect(state.assets[0]?.lastRul?.predictionId).toBe('fresh');
  });

  it('creates a placeholder for an asset first seen in an event', () => {
    const state = apply(initialPlantState, snapshot(), { type: 'rul', prediction: rul({ predictionId: 'r1', assetId: 'new-1' }) });
    expect(state.assets).toHaveLength(1);
    expect(state.assets[0]).toMatchObject({ id: 'new-1', name: 'new-1', status: 'unknown', health: null });
    expect(state.assets[0]?.lastRul?.predictionId).toBe('r1');
  });

  it('sets the latest anomaly on its asset and ignores an older one arriving late', () => {
    const state = apply(
      initialPlantState,
      snapshot({ assets: [asset({ id: 'pump-1' })] }),
      { type: 'anomaly', anomaly: anomaly({ anomalyId: 'new', detectedAt: 2_000 }) },
      { type: 'anomaly', anomaly: anomaly({ anomalyId: 'old', detectedAt: 1_000 }) },
    );
    expect(state.assets[0]?.lastAnomaly?.anomalyId).toBe('new');
    expect(state.recentAnomalies.map((a) => a.anomalyId)).toEqual(['new', 'old']);
  });

  it('keeps the newest RUL prediction per asset', () => {
    const state = apply(
      initialPlantState,
      snapshot({ assets: [asset({ id: 'pump-1' })] }),
      { type: 'rul', prediction: rul({ predictionId: 'r2', predictedAt: 2_000, rul: 80 }) },
      { type: 'rul', prediction: rul({ predictionId: 'r1', predictedAt: 1_000, rul: 90 }) },
    );
    expect(state.assets[0]?.lastRul).toMatchObject({ predictionId: 'r2', rul: 80 });
  });

  it(`keeps the ${RECENT_ANOMALY_LIMIT} most recent anomalies, newest first, without duplicates`, () => {
    const messages: WsMessage[] = Array.from({ length: 25 }, (_, i) => ({
      type: 'anomaly',
      anomaly: anomaly({ anomalyId: `a${i}`, detectedAt: 1_000 + i }),
    }));
    const state = apply(initialPlantState, snapshot(), ...messages, messages[24] as WsMessage);
    expect(state.recentAnomalies).toHaveLength(RECENT_ANOMALY_LIMIT);
    expect(state.recentAnomalies[0]?.anomalyId).toBe('a24');
    expect(state.recentAnomalies.at(-1)?.anomalyId).toBe('a5');
  });

  it('upserts work orders by id and orders them by priority, then due date (undated last), then age', () => {
    const state = apply(
      initialPlantState,
      snapshot({ assets: [asset({ id: 'pump-1' })] }),
      { type: 'work-order', workOrder: workOrder({ id: 'p3', priority: 'P3' }) },
      { type: 'work-order', workOrder: workOrder({ id: 'p1-undated', priority: 'P1' }) },
      { type: 'work-order', workOrder: workOrder({ id: 'p1-late', priority: 'P1', dueDate: '2025-02-01T00:00:00Z' }) },
      { type: 'work-order', workOrder: workOrder({ id: 'p1-soon', priority: 'P1', dueDate: '2025-01-15T00:00:00Z' }) },
      { type: 'work-order', workOrder: workOrder({ id: 'p3', priority: 'P2', title: 'Escalated' }) },
    );
    expect(ids(state.workOrders)).toEqual(['p1-soon', 'p1-late', 'p1-undated', 'p3']);
    expect(state.workOrders.find((w) => w.id === 'p3')).toMatchObject({ priority: 'P2', title: 'Escalated' });
  });

  it.each(['done', 'cancelled'] as const)('drops a work order from the open list once it is %s', (status) => {
    const state = apply(
      initialPlantState,
      snapshot({ assets: [asset({ id: 'pump-1' })], workOrders: [workOrder({ id: 'wo-1' }), workOrder({ id: 'wo-2' })] }),
      { type: 'work-order', workOrder: workOrder({ id: 'wo-1', status }) },
    );
    expect(ids(state.workOrders)).toEqual(['wo-2']);
    expect(countOpenWorkOrders(state).get('pump-1')).toBe(1);
  });

  it('creates an asset entry for a work order on an unknown asset', () => {
    const state = apply(initialPlantState, snapshot(), {
      type: 'work-order',
      workOrder: workOrder({ id: 'wo-1', assetId: 'fan-9' }),
    });
    expect(ids(state.assets)).toEqual(['fan-9']);
    expect(countOpenWorkOrders(state).get('fan-9')).toBe(1);
  });

  it('upserts alerts by id, critical first, and removes them once cleared', () => {
    const raised = apply(
      initialPlantState,
      snapshot(),
      { type: 'alert', seq: 1, alert: alert({ id: 'w', severity: 'warning', raisedAt: '2025-01-10T10:00:00Z' }) },
      { type: 'alert', seq: 2, alert: alert({ id: 'c', severity: 'critical', raisedAt: '2025-01-10T08:00:00Z' }) },
      { type: 'alert', seq: 3, alert: alert({ id: 'w2', severity: 'warning', raisedAt: '2025-01-10T11:00:00Z' }) },
    );
    expect(ids(raised.alerts)).toEqual(['c', 'w2', 'w']);
    const cleared = apply(raised, {
      type: 'alert',
      seq: 4,
      alert: alert({ id: 'c', severity: 'critical', clearedAt: '2025-01-10T12:00:00Z' }),
    });
    expect(ids(cleared.alerts)).toEqual(['w2', 'w']);
  });

  it('applies alert changes in seq order: an old or duplicate change never undoes a newer one', () => {
    const raised = apply(initialPlantState, snapshot({ seq: 10 }), { type: 'alert', seq: 11, alert: alert({ id: 'a' }) });
    expect(raised.alertSeq).toBe(11);
    const cleared = apply(raised, { type: 'alert', seq: 12, alert: alert({ id: 'a', clearedAt: '2025-01-10T09:00:00Z' }) });
    // A late copy of the raise (seq 11) arrives after the clear: ignored for the active list.
    const late = apply(cleared, { type: 'alert', seq: 11, alert: alert({ id: 'a' }) });
    expect(late.alerts).toEqual([]);
    expect(late.alertSeq).toBe(12);
    expect(late.recentAlertChanges.map((c) => c.seq)).toEqual([12, 11]);
  });

  it('keeps replayed alert changes as history in seq order, with the snapshot as the active truth', () => {
    // Away from seq 3: a raised+cleared, b raised; the snapshot at seq 6 holds b only, then the replay follows.
    const state = apply(
      apply(initialPlantState, snapshot({ seq: 3 })),
      snapshot({ seq: 6, alerts: [alert({ id: 'b' })] }),
      { type: 'alert', seq: 4, replayed: true, alert: alert({ id: 'a' }) },
      { type: 'alert', seq: 5, replayed: true, alert: alert({ id: 'a', clearedAt: '2025-01-10T09:00:00Z' }) },
      { type: 'alert', seq: 6, replayed: true, alert: alert({ id: 'b' }) },
      { type: 'resumed', sinceSeq: 3, seq: 6, count: 3 },
      { type: 'alert', seq: 7, alert: alert({ id: 'c', severity: 'critical' }) },
    );
    expect(ids(state.alerts)).toEqual(['c', 'b']);
    expect(state.alertSeq).toBe(7);
    expect(state.recentAlertChanges.map((c) => [c.seq, c.alert.id, c.alert.clearedAt === null])).toEqual([
      [7, 'c', true],
      [6, 'b', true],
      [5, 'a', false],
      [4, 'a', true],
    ]);
    // Seen again (a second resume from an older seq): kept once.
    const twice = apply(state, { type: 'alert', seq: 5, replayed: true, alert: alert({ id: 'a', clearedAt: '2025-01-10T09:00:00Z' }) });
    expect(twice.recentAlertChanges).toBe(state.recentAlertChanges);
  });

  it('bounds the alert change history and takes a lower snapshot seq as a reset history', () => {
    const changes: WsMessage[] = Array.from({ length: RECENT_ALERT_CHANGE_LIMIT + 5 }, (_, i) => ({
      type: 'alert',
      seq: i + 1,
      alert: alert({ id: `a${i}` }),
    }));
    const state = apply(initialPlantState, snapshot(), ...changes);
    expect(state.recentAlertChanges).toHaveLength(RECENT_ALERT_CHANGE_LIMIT);
    expect(state.recentAlertChanges[0]?.seq).toBe(RECENT_ALERT_CHANGE_LIMIT + 5);
    const reset = apply(state, snapshot({ seq: 2 }), { type: 'alert', seq: 3, alert: alert({ id: 'new' }) });
    expect(reset.alertSeq).toBe(3);
    expect(ids(reset.alerts)).toEqual(['new']);
  });

  it('leaves the plant as it is for protocol messages', () => {
    const state = apply(initialPlantState, snapshot());
    const after = apply(
      state,
      { type: 'subscriptions', subscriptions: [{ topic: 'asset', assets: null }] },
      { type: 'dropped', topic: 'sensor-data', count: 3 },
      { type: 'error', code: 'WS_ASSETS_REQUIRED', message: 'x' },
    );
    expect(after).toBe(state);
  });

  it('never mutates the state it is given', () => {
    const before = apply(initialPlantState, snapshot({ assets: [asset({ id: 'pump-1' })], workOrders: [workOrder({ id: 'wo-1' })] }));
    const frozen = structuredClone(before);
    apply(
      before,
      { type: 'asset', asset: asset({ id: 'pump-1', health: 0.1 }) },
      { type: 'work-order', workOrder: workOrder({ id: 'wo-1', status: 'done' }) },
      { type: 'anomaly', anomaly: anomaly({ anomalyId: 'z' }) },
    );
    expect(before).toEqual(frozen);
  });
});
