import { describe, expect, it } from 'vitest';
import { GATEWAY_ROUTES, ownerOf } from '../src/domain/gateway-routes';

describe('gateway route table', () => {
  it.each([
    ['/api/v1/ingestion/assets', 'ingestion-iiot'],
    ['/api/v1/ingestion', 'ingestion-iiot'],
    ['/api/v1/preprocessing/config', 'preprocessing'],
    ['/api/v1/features/windows', 'feature-extraction'],
    ['/api/v1/anomalies/models', 'anomaly-detection'],
    ['/api/v1/rul/predictions/a1', 'rul-prediction'],
    ['/api/v1/work-orders/42/transitions', 'maintenance-orchestrator'],
    ['/api/v1/interventions', 'maintenance-orchestrator'],
    ['/api/v1/planning/latest', 'maintenance-orchestrator'],
    ['/api/v1/rules', 'maintenance-orchestrator'],
    ['/api/v1/technicians', 'maintenance-orchestrator'],
    ['/api/v1/anything-else', 'maintenance-orchestrator'],
    ['/api/v1/monitoring/metrics', 'monitoring'],
  ])('%s → %s', (path, owner) => {
    expect(ownerOf(path)).toBe(owner);
  });

  it('matches whole segments and nothing outside /api/v1', () => {
    expect(ownerOf('/api/v1/rulebook')).toBe('maintenance-orchestrator'); // not rul-prediction
    expect(ownerOf('/api/v1/featuresX')).toBe('maintenance-orchestrator');
    expect(ownerOf('/api/v2/ingestion')).toBeNull();
    expect(ownerOf('/actuator/health')).toBeNull();
    expect(ownerOf('/api/v10')).toBeNull();
  });

  it('lists every prefix once', () => {
    const prefixes = GATEWAY_ROUTES.map((r) => r.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
