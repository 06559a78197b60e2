import { describe, expect, it } from 'vitest';
import {
  anomalyModelsFromJobs,
  compareVersionsDesc,
  groupRulModels,
  lastTrainParams,
  sourceWindows,
  trainingSources,
  windowSecondsOf,
} from '../../src/pages/models/model-rows';
import { anomalyJob, rulJob, rulModel, simulatorRulModel, trained } from './fixtures';

describe('groupRulModels', () => {
  it('orders versions numerically, newest first, and marks the champion', () => {
    const [group] = groupRulModels([
      rulModel({ version: '9', status: 'superseded' }),
      rulModel({ version: '10', status: 'candidate' }),
      rulModel({ version: '11', status: 'champion' }),
    ]);
    expect(group?.versions.map((v) => v.version)).toEqual(['11', '10', '9']);
    expect(group?.versions.map((v) => v.role)).toEqual(['champion', 'candidate', 'superseded']);
    expect(group?.champion).toBe('11');
    expect(group?.source).toBe('FD001');
  });

  it('never shows two champions: an older row still marked champion shows as superseded', () => {
    const [group] = groupRulModels([rulModel({ version: '2', status: 'champion' }), rulModel({ version: '3', status: 'champion' })]);
    expect(group?.champion).toBe('3');
    expect(group?.versions.map((v) => v.role)).toEqual(['champion', 'superseded']);
  });

  it('shows the loaded trend model as in service, its retired versions as retired, apart from trained models', () => {
    const groups = groupRulModels([
      rulModel({ name: 'rul-trend', kind: 'exponential-trend', version: 'trend-2', status: 'loaded', params: {}, metrics: {} }),
      rulModel({ name: 'rul-trend', kind: 'exponential-trend', version: 'trend-1', status: 'retired', params: {}, metrics: {} }),
      rulModel({ version: '1', status: 'candidate' }),
    ]);
    expect(groups.map((g) => g.name)).toEqual(['rul-FD001', 'rul-trend']);
    expect(groups[0]?.champion).toBeNull();
    expect(groups[1]?.champion).toBe('trend-2');
    expect(groups[1]?.source).toBeNull();
    expect(groups[1]?.versions.map((v) => v.role)).toEqual(['in-service', 'retired']);
  });

  it('keeps the recorded decision only when it is text', () => {
    const [group] = groupRulModels([rulModel({ version: '1', status: 'champion', params: { decision: 42 } })]);
    expect(group?.versions[0]?.decision).toBeNull();
  });
});

describe('windowSecondsOf', () => {
  it('reads a simulator version’s window length, and null for a C-MAPSS version', () => {
    const [sim] = groupRulModels([simulatorRulModel({ version: '1', status: 'champion' })]);
    expect(sim?.versions[0]?.windowSeconds).toBe(600);
    const [cmapss] = groupRulModels([rulModel({ version: '1', status: 'champion' })]);
    expect(cmapss?.versions[0]?.windowSeconds).toBeNull();
  });

  it('takes nothing but a positive finite number (params are free JSON)', () => {
    for (const bad of [undefined, 0, -600, '600', null, Number.POSITIVE_INFINITY, { seconds: 600 }])
      expect(windowSecondsOf({ rows: { windowSeconds: bad } }), String(bad)).toBeNull();
    for (const rows of [null, 600, 'windows', [600]]) expect(windowSecondsOf({ rows }), String(rows)).toBeNull();
    expect(windowSecondsOf({})).toBeNull();
    expect(windowSecondsOf({ rows: { windowSeconds: 30 } })).toBe(30);
  });
});

describe('sourceWindows', () => {
  it('says what each registered source’s rows are, from its newest version; sources known only from jobs are absent', () => {
    const groups = groupRulModels([
      rulModel({ version: '1', status: 'champion' }),
      simulatorRulModel({ version: '1', status: 'superseded' }, 300),
      simulatorRulModel({ version: '2', status: 'champion' }, 600),
      rulModel({ name: 'rul-trend', kind: 'exponential-trend', version: 'trend-1', status: 'loaded', params: {}, metrics: {} }),
    ]);
    expect(Object.fromEntries(sourceWindows(groups))).toEqual({ FD001: null, 'demo-sim': 600 });
  });
});

describe('compareVersionsDesc', () => {
  it('compares numbers as numbers and labels as text', () => {
    expect(['2', '10', '1'].sort(compareVersionsDesc)).toEqual(['10', '2', '1']);
    expect(['a', 'c', 'b'].sort(compareVersionsDesc)).toEqual(['c', 'b', 'a']);
  });
});

describe('anomalyModelsFromJobs', () => {
  it('makes the newest promoted version champion, older promoted ones superseded, the others candidates', () => {
    const groups = anomalyModelsFromJobs([
      anomalyJob({ id: 'j3', models: [trained(3, false)] }),
      anomalyJob({ id: 'j2', models: [trained(2, true)] }),
      anomalyJob({ id: 'j1', models: [trained(1, true), trained(1, true, 'M-201')] }),
    ]);
    expect(groups.map((g) => g.model)).toEqual(['anomaly-M-201', 'anomaly-P-101']);
    const pump = groups[1]!;
    expect(pump.champion).toBe(2);
    expect(pump.versions.map((v) => [v.version, v.role, v.jobId])).toEqual([
      [3, 'candidate', 'j3'],
      [2, 'champion', 'j2'],
      [1, 'superseded', 'j1'],
    ]);
    expect(groups[0]?.champion).toBe(1);
  });

  it('has no champion when no listed version was promoted, and ignores jobs without models', () => {
    const groups = anomalyModelsFromJobs([
      anomalyJob({ id: 'a', models: [trained(4, false)] }),
      anomalyJob({ id: 'b', status: 'failed', models: [] }),
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.champion).toBeNull();
    expect(groups[0]?.versions[0]?.role).toBe('candidate');
  });
});

describe('trainingSources', () => {
  it('lists the sources of models and jobs once each, sorted', () => {
    const groups = groupRulModels([
      rulModel({ version: '1', status: 'champion' }),
      rulModel({ name: 'rul-sim', version: '1', status: 'champion', params: { source: 'sim' } }),
    ]);
    expect(trainingSources(groups, ['FD002', 'FD001'])).toEqual(['FD001', 'FD002', 'sim']);
  });
});

describe('lastTrainParams', () => {
  it('keeps the newest job’s parameters of each source', () => {
    const newest = rulJob({ id: 'b' }).params;
    const params = lastTrainParams([
      rulJob({ id: 'b', params: { ...newest, window: 6 } }),
      rulJob({ id: 'a', params: { ...newest, window: 40 } }),
      rulJob({ id: 'c', source: 'sim', params: { ...newest, source: 'sim', cap: 9000 } }),
    ]);
    expect(params.get('FD001')?.window).toBe(6);
    expect(params.get('sim')?.cap).toBe(9000);
    expect(params.has('FD002')).toBe(false);
  });
});
