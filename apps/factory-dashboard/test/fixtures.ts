import type { Alert, AnomalyDetectedPayload, AssetHealth, RulPredictionPayload, ServiceStatus, WorkOrder } from '@vigie/contracts';

/** Contract-conforming builders; each test overrides only the fields it is about. */
export function asset(overrides: Partial<AssetHealth> & Pick<AssetHealth, 'id'>): AssetHealth {
  return {
    name: `Asset ${overrides.id}`,
    type: 'centrifugal-pump',
    site: 'lyon',
    area: 'utilities',
    line: 'L1',
    latitude: null,
    longitude: null,
    sensors: [],
    health: 0.9,
    status: 'ok',
    lastAnomaly: null,
    lastRul: null,
    openWorkOrders: 0,
    ...overrides,
  };
}

export function anomaly(overrides: Partial<AnomalyDetectedPayload> & Pick<AnomalyDetectedPayload, 'anomalyId'>): AnomalyDetectedPayload {
  return {
    assetId: 'pump-1',
    sensorId: 'pump-1.vib-de',
    windowStart: 1_700_000_000_000,
    windowEnd: 1_700_000_001_000,
    score: 0.8,
    criticality: 'high',
    modelVersion: 'iforest@3',
    detectedAt: 1_700_000_002_000,
    contributors: [],
    ...overrides,
  };
}

export function rul(overrides: Partial<RulPredictionPayload> & Pick<RulPredictionPayload, 'predictionId'>): RulPredictionPayload {
  return {
    assetId: 'pump-1',
    predictedAt: 1_700_000_000_000,
    asOf: 1_700_000_000_000,
    rul: 120,
    lower: 100,
    upper: 140,
    level: 0.9,
    unit: 'h',
    healthIndex: 0.7,
    modelVersion: 'tcn@1',
    ...overrides,
  };
}

export function workOrder(overrides: Partial<WorkOrder> & Pick<WorkOrder, 'id'>): WorkOrder {
  return {
    assetId: 'pump-1',
    cause: 'anomaly',
    title: 'Inspect bearing',
    description: '',
    priority: 'P3',
    status: 'requested',
    dueDate: null,
    assignedTo: null,
    evidence: {},
    createdAt: '2025-01-10T08:00:00Z',
    updatedAt: '2025-01-10T08:00:00Z',
    ...overrides,
  };
}

export function alert(overrides: Partial<Alert> & Pick<Alert, 'id'>): Alert {
  return {
    kind: 'service-down',
    severity: 'warning',
    assetId: null,
    service: null,
    message: 'Something happened',
    raisedAt: '2025-01-10T08:00:00Z',
    clearedAt: null,
    ...overrides,
  };
}

export function service(name: string, status: ServiceStatus['status'] = 'UP'): ServiceStatus {
  return { service: name, url: `http://localhost/${name}`, status, checkedAt: null, latencyMs: 3, details: null };
}
