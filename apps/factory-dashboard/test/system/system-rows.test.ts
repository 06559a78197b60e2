import { describe, expect, it } from 'vitest';
import type { ServiceMetricsSample, ServiceMetricsSeries } from '@vigie/contracts';
import { alertKindKey, buildSystemRows, circuitsOf, sortAlerts, systemSummary, worstCircuit } from '../../src/pages/system/system-rows';
import { alert, service } from '../fixtures';

const sample = (at: string, over: Partial<ServiceMetricsSample> = {}): ServiceMetricsSample => ({
  at,
  requestsPerSecond: 2,
  eventsInPerSecond: 10,
  eventsOutPerSecond: 1,
  consumerLag: null,
  latencyP95Ms: 12,
  errorRate: 0,
  dlqTotal: 0,
  ...over,
});

describe('system rows', () => {
  it('reads the circuits defensively and ranks the worst', () => {
    expect(circuitsOf({ circuit: { health: 'open', gateway: 'closed' } })).toEqual({ health: 'open', gateway: 'closed' });
    expect(circuitsOf({ circuit: { health: 'weird', gateway: 'closed' } })).toBeNull();
    expect(circuitsOf({ circuit: 'open' })).toBeNull();
    expect(circuitsOf(null)).toBeNull();
    expect(worstCircuit({ health: 'closed', gateway: 'half-open' })).toBe('half-open');
    expect(worstCircuit({ health: 'open', gateway: 'half-open' })).toBe('open');
    expect(worstCircuit({ health: 'closed', gateway: 'closed' })).toBe('closed');
  });

  it('joins statuses and metrics in the statuses order, keeping services known to one side only', () => {
    const down = {
      ...service('preprocessing', 'DOWN'),
      details: { error: 'ECONNREFUSED', circuit: { health: 'open', gateway: 'closed' } },
    };
    const series: ServiceMetricsSeries[] = [
      {
        service: 'ingestion-iiot',
        latest: sample('2026-11-27T10:00:05Z'),
        history: [sample('2026-11-27T10:00:00Z', { requestsPerSecond: null }), sample('2026-11-27T10:00:05Z')],
      },
      { service: 'extra', latest: null, history: [] },
    ];
    const rows = buildSystemRows([service('ingestion-iiot'), down], series);
    expect(rows.map((r) => [r.service, r.status])).toEqual([
      ['ingestion-iiot', 'UP'],
      ['preprocessing', 'DOWN'],
      ['extra', 'UNKNOWN'],
    ]);
    expect(rows[0]?.latest?.latencyP95Ms).toBe(12);
    expect(rows[0]?.throughput).toEqual([
      { t: Date.parse('2026-11-27T10:00:00Z'), requests: null, events: 10 },
      { t: Date.parse('2026-11-27T10:00:05Z'), requests: 2, events: 10 },
    ]);
    expect(rows[1]).toMatchObject({ error: 'ECONNREFUSED', circuits: { health: 'open' }, latest: null, throughput: [] });
    expect(systemSummary(rows)).toEqual({ up: 1, total: 3, openCircuits: 1 });
    expect(buildSystemRows([service('a')], undefined).map((r) => r.latest)).toEqual([null]);
  });

  it('orders alerts most severe first, then newest, dropping cleared ones; maps kinds to message keys', () => {
    const sorted = sortAlerts([
      alert({ id: 'w-old', severity: 'warning', raisedAt: '2026-11-27T09:00:00Z' }),
      alert({ id: 'c', severity: 'critical', raisedAt: '2026-11-27T08:00:00Z' }),
      alert({ id: 'w-new', severity: 'warning', raisedAt: '2026-11-27T10:00:00Z' }),
      alert({ id: 'gone', severity: 'critical', raisedAt: '2026-11-27T11:00:00Z', clearedAt: '2026-11-27T11:01:00Z' }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['c', 'w-new', 'w-old']);
    expect(alertKindKey('dlq_growth')).toBe('alert.dlq_growth');
    expect(alertKindKey('consumer_lag')).toBe('alert.consumer_lag');
    expect(alertKindKey('something_new')).toBe('alert.other');
  });
});
