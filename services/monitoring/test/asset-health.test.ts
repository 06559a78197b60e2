import { describe, expect, it } from 'vitest';
import { assessAssetHealth, type AssetFacts } from '../src/domain/asset-health';
import { isDataFresh, latestDataPerAsset } from '../src/domain/data-freshness';
import { desiredAssetAlerts } from '../src/domain/alert-rules';
import { globalStatus } from '../src/domain/global-health';
import { anomaly, rul, workOrder } from './helpers';

const now = Date.now();
const policy = { now, anomalyWindowMs: 60_000, dataFreshnessMs: 30_000 };
const facts = (over: Partial<AssetFacts> = {}): AssetFacts => ({
  assetId: 'a1',
  meta: null,
  lastAnomaly: null,
  lastRul: null,
  openWorkOrders: [],
  lastSeenAt: null,
  ...over,
});
const assess = (over: Partial<AssetFacts>) => assessAssetHealth(facts(over), policy);

describe('asset health', () => {
  it('is unknown, with no health, when nothing is known; named by its id without metadata', () => {
    expect(assess({})).toMatchObject({ id: 'a1', name: 'a1', type: 'unknown', status: 'unknown', health: null, openWorkOrders: 0 });
  });

  it('takes health from the RUL health index first, else from a recent anomaly score', () => {
    expect(assess({ lastRul: rul('a1', { healthIndex: 0.8, lower: 500 }), lastAnomaly: anomaly('a1', { score: 0.9 }) }).health).toBe(0.8);
    expect(assess({ lastAnomaly: anomaly('a1', { score: 0.25, criticality: 'low' }) }).health).toBeCloseTo(0.75);
    expect(assess({ lastAnomaly: anomaly('a1', { detectedAt: now - 120_000, criticality: 'low' }) }).health).toBeNull();
  });

  it('is in alarm for a recent critical/high anomaly or a RUL lower bound under 72 h', () => {
    expect(assess({ lastAnomaly: anomaly('a1', { criticality: 'high' }) }).status).toBe('alarm');
    expect(assess({ lastAnomaly: anomaly('a1', { criticality: 'critical' }) }).status).toBe('alarm');
    expect(assess({ lastRul: rul('a1', { lower: 71.9 }) }).status).toBe('alarm');
  });

  it('is in warning for a recent medium/low anomaly, a RUL lower bound under 168 h, or an open predictive order', () => {
    expect(assess({ lastAnomaly: anomaly('a1', { criticality: 'medium' }) }).status).toBe('warning');
    expect(assess({ lastAnomaly: anomaly('a1', { criticality: 'low' }) }).status).toBe('warning');
    expect(assess({ lastRul: rul('a1', { lower: 72 }) }).status).toBe('warning');
    expect(assess({ lastRul: rul('a1', { lower: 167 }) }).status).toBe('warning');
    expect(assess({ openWorkOrders: [workOrder('a1', { cause: 'rul' })] })).toMatchObject({ status: 'warning', openWorkOrders: 1 });
  });

  it('is ok when data exists and nothing is wrong: old anomaly, comfortable RUL, manual or closed orders', () => {
    expect(assess({ lastAnomaly: anomaly('a1', { detectedAt: now - 120_000 }) }).status).toBe('ok');
    expect(assess({ lastRul: rul('a1', { lower: 168 }) }).status).toBe('ok');
    expect(assess({ openWorkOrders: [workOrder('a1', { cause: 'manual' })] }).status).toBe('ok');
    expect(assess({ lastRul: rul('a1', { lower: 900 }), openWorkOrders: [workOrder('a1', { status: 'done' })] })).toMatchObject({
      status: 'ok',
      openWorkOrders: 0,
    });
  });

  it('is ok, with no health, while data arrives and nothing else is known', () => {
    expect(assess({ lastSeenAt: now - 5_000 })).toMatchObject({ status: 'ok', health: null });
    expect(assess({ lastSeenAt: now - 30_000 }).status).toBe('ok');
    // Received by another instance whose clock runs slightly ahead: the data still arrived.
    expect(assess({ lastSeenAt: now + 2_000 }).status).toBe('ok');
  });

  it('goes back to unknown once data stopped for longer than the freshness window, unless other facts say ok', () => {
    expect(assess({ lastSeenAt: now - 30_001 })).toMatchObject({ status: 'unknown', health: null });
    expect(assess({ lastSeenAt: now - 30_001, lastRul: rul('a1', { lower: 900 }) }).status).toBe('ok');
    expect(assess({ lastSeenAt: now - 30_001, lastAnomaly: anomaly('a1', { detectedAt: now - 120_000 }) }).status).toBe('ok');
  });

  it('lets fresh data neither hide nor cause an alarm or a warning', () => {
    const fresh = { lastSeenAt: now - 1_000 };
    expect(assess({ ...fresh, lastAnomaly: anomaly('a1', { criticality: 'critical' }) }).status).toBe('alarm');
    expect(assess({ ...fresh, lastRul: rul('a1', { lower: 100 }) }).status).toBe('warning');
    expect(assess({ ...fresh, openWorkOrders: [workOrder('a1', { cause: 'anomaly' })] }).status).toBe('warning');
  });

  it('keeps the metadata of a described asset', () => {
    const meta = { id: 'a1', name: 'Pump', type: 'pump', site: 'S', area: 'A', line: 'L', latitude: 1, longitude: 2, sensors: [] };
    expect(assess({ meta })).toMatchObject({ name: 'Pump', site: 'S', latitude: 1 });
  });
});

describe('data freshness', () => {
  it('folds a batch to the newest window end per asset, all received at the same wall-clock time', () => {
    const windows = [
      { assetId: 'a1', windowEnd: 5_000 },
      { assetId: 'a2', windowEnd: 7_000 },
      { assetId: 'a1', windowEnd: 9_000 },
      { assetId: 'a1', windowEnd: 8_000 },
    ];
    expect(latestDataPerAsset(windows, now)).toEqual([
      { assetId: 'a1', lastDataAt: 9_000, lastSeenAt: now },
      { assetId: 'a2', lastDataAt: 7_000, lastSeenAt: now },
    ]);
    expect(latestDataPerAsset([], now)).toEqual([]);
  });

  it('is fresh up to the window, inclusive, and never for an asset never seen', () => {
    expect(isDataFresh(now - 60_000, now, 60_000)).toBe(true);
    expect(isDataFresh(now - 60_001, now, 60_000)).toBe(false);
    expect(isDataFresh(null, now, 60_000)).toBe(false);
  });
});

describe('asset alert rules', () => {
  const base = { assetId: 'a1', lastCriticalAt: null, lastAnomaly: null, lastRul: null };
  it('holds anomaly_critical while the last critical anomaly is inside the window', () => {
    expect(desiredAssetAlerts({ ...base, lastCriticalAt: now - 30_000 }, now, 60_000).map((a) => a.kind)).toEqual(['anomaly_critical']);
    expect(desiredAssetAlerts({ ...base, lastCriticalAt: now - 90_000 }, now, 60_000)).toEqual([]);
  });
  it('holds rul_low (warning) while the RUL lower bound is under 72 h', () => {
    expect(desiredAssetAlerts({ ...base, lastRul: rul('a1', { lower: 10 }) }, now, 60_000)).toEqual([
      expect.objectContaining({ kind: 'rul_low', severity: 'warning', assetId: 'a1' }),
    ]);
    expect(desiredAssetAlerts({ ...base, lastRul: rul('a1', { lower: 72 }) }, now, 60_000)).toEqual([]);
  });
});

describe('global health', () => {
  it('is UP when all are UP, DEGRADED when some are not, DOWN when none is', () => {
    expect(globalStatus([{ status: 'UP' }, { status: 'UP' }])).toBe('UP');
    expect(globalStatus([{ status: 'UP' }, { status: 'DOWN' }])).toBe('DEGRADED');
    expect(globalStatus([{ status: 'UP' }, { status: 'UNKNOWN' }])).toBe('DEGRADED');
    expect(globalStatus([{ status: 'DOWN' }, { status: 'UNKNOWN' }])).toBe('DOWN');
    expect(globalStatus([])).toBe('DOWN');
  });
});
