import type { AnomalyJob, RulJob, RulModel } from '../../src/pages/models/model-types';

/** Contract-shaped builders for the models page tests; each test overrides only what it is about. */
export function rulModel(overrides: Partial<RulModel> & Pick<RulModel, 'version' | 'status'>): RulModel {
  return {
    name: 'rul-FD001',
    kind: 'gbdt-window-features',
    createdAt: '2026-11-20T10:00:00.000Z',
    params: { source: 'FD001', decision: 'promoted: val_rmse 14.2 < 15.0' },
    metrics: { val_rmse: 14.234, val_phm08: 312.6, val_coverage: 0.912, level: 0.9, trees: 180 },
    ...overrides,
  };
}

/**
 * A version trained on the embedded demo's simulator source: its rows are tumbling feature windows of `windowSeconds`
 * (600 s unless given; pass anything to try what a malformed record holds), so its RMSE counts windows.
 */
export function simulatorRulModel(
  overrides: Partial<RulModel> & Pick<RulModel, 'version' | 'status'>,
  windowSeconds: unknown = 600,
): RulModel {
  return rulModel({
    name: 'rul-demo-sim',
    params: {
      source: 'demo-sim',
      decision: 'promoted: no champion yet',
      rows: { windowSeconds, columns: ['vibration.rms', 'vibration.std'], assets: ['P-101'], assetTypes: ['pump'] },
    },
    metrics: { val_rmse: 1.84848, val_phm08: 2.7, val_coverage: 0.9, level: 0.9, trees: 120 },
    ...overrides,
  });
}

export function rulJob(overrides: Partial<RulJob> & Pick<RulJob, 'id'>): RulJob {
  return {
    source: 'FD001',
    params: {
      source: 'FD001',
      level: 0.9,
      window: 30,
      cap: 125,
      rounds: 400,
      learningRate: 0.05,
      maxDepth: 6,
      earlyStoppingRounds: 30,
      stride: 1,
      members: 5,
      seed: 0,
    },
    status: 'running',
    progress: 0.42,
    message: null,
    createdAt: '2026-11-27T10:00:00.000Z',
    startedAt: '2026-11-27T10:00:01.000Z',
    finishedAt: null,
    models: [],
    ...overrides,
  };
}

export function anomalyJob(overrides: Partial<AnomalyJob> & Pick<AnomalyJob, 'id'>): AnomalyJob {
  return {
    assetId: 'P-101',
    params: { windows: 30 },
    status: 'succeeded',
    progress: 1,
    message: null,
    createdAt: '2026-11-27T09:00:00.000Z',
    startedAt: '2026-11-27T09:00:01.000Z',
    finishedAt: '2026-11-27T09:00:09.000Z',
    models: [],
    ...overrides,
  };
}

export function trained(version: number, promoted: boolean, assetId = 'P-101'): AnomalyJob['models'][number] {
  return {
    assetId,
    model: `anomaly-${assetId}`,
    version,
    sensors: 6,
    windows: 24,
    assetWindows: 40,
    valFalseAlarmRate: 0.025,
    promoted,
    decision: promoted ? 'promoted' : 'kept the champion',
  };
}
