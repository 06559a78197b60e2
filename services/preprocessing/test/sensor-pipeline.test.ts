import { describe, expect, it } from 'vitest';
import { PreprocessingOperation, type PreprocessedSample } from '@vigie/contracts';
import { mergeReports } from '../src/domain/merge-reports';
import { PipelineRules, resolveOptions, type ResolvedOptions } from '../src/domain/options';
import type { BatchReport } from '../src/domain/pipeline-report';
import { SensorPipeline, type SensorState } from '../src/domain/sensor-pipeline';
import { chunks, faultyStream, roundTrip } from './stream-fixtures';

const sensor = { sensorId: 'P-1.vibration', unit: 'mm/s' };
const rules = PipelineRules.parse({});

function whole(options: ResolvedOptions, input = faultyStream()) {
  const p = new SensorPipeline(options);
  const a = p.push(input);
  const b = p.flush();
  return { samples: [...a.samples, ...b.samples], report: mergeReports([a.report, b.report]) };
}

/** Pushes the stream in random chunks, rebuilding the pipeline from its JSON state before each (a restart each time). */
function chunked(options: ResolvedOptions, seed: number, input = faultyStream()) {
  const samples: PreprocessedSample[] = [];
  const reports: BatchReport[] = [];
  let state: SensorState | undefined;
  for (const chunk of chunks(input, seed, 25)) {
    const p = new SensorPipeline(options, state && roundTrip(state));
    const r = p.push(chunk);
    samples.push(...r.samples);
    reports.push(r.report);
    state = p.snapshot();
  }
  const r = new SensorPipeline(options, roundTrip(state!)).flush();
  return { samples: [...samples, ...r.samples], report: mergeReports([...reports, r.report]) };
}

describe('SensorPipeline', () => {
  it('gives exactly the same samples and counts in chunks, restarted from JSON state between them, as whole (defaults)', () => {
    const o = resolveOptions(rules, sensor);
    const ref = whole(o);
    for (const seed of [1, 2, 3]) expect(chunked(o, seed)).toEqual(ref);
    for (const flag of ['out_of_range', 'bad_quality', 'gap_before', 'imputed', 'spike', 'flat_line', 'reordered'] as const) {
      expect(ref.report.flags[flag], flag).toBeGreaterThan(0);
    }
    expect(ref.samples.every((s, i) => i === 0 || s.ts > ref.samples[i - 1]!.ts)).toBe(true);
    expect(ref.samples.every((s) => Number.isFinite(s.value) && s.value >= 0 && s.value <= 200)).toBe(true);
  });

  it('does so with every operation on (Butterworth on a fixed grid, detrend)', () => {
    const o = resolveOptions(rules, sensor, {
      resample: { periodMs: 1000 },
      butterworth: { enabled: true, type: 'lowpass', order: 2, cutoffHz: 0.2 },
      detrend: { enabled: true, windowSamples: 100 },
    });
    const ref = whole(o);
    expect(chunked(o, 4)).toEqual(ref);
    expect(ref.report.flags.filtered).toBe(ref.samples.length);
    expect(ref.report.flags.detrended).toBe(ref.samples.length);
    expect(ref.report.operations.map((op) => op.op)).toEqual(PreprocessingOperation.options);
  });

  it('flags bad samples instead of dropping them, and accounts for every sample received', () => {
    const o = resolveOptions(rules, sensor, { resample: { enabled: false } });
    const { samples, report } = whole(o);
    const filled = samples.filter((s) => s.flags.includes('imputed') && s.raw === undefined).length;
    expect(report.received).toBe(faultyStream().length);
    expect(report.emitted + report.duplicates + report.late + report.unimputable - filled).toBe(report.received);
    const outOfRange = samples.filter((s) => s.flags.includes('out_of_range'));
    expect(outOfRange.length).toBe(report.outOfRange);
    expect(outOfRange.every((s) => s.raw === 450 && s.value < 10 && s.flags.includes('imputed'))).toBe(true);
    const bad = samples.filter((s) => s.raw === null);
    expect(bad.length).toBeGreaterThan(3);
    expect(bad.every((s) => s.quality === 'bad' && s.flags.includes('bad_quality') && s.flags.includes('imputed'))).toBe(true);
    const stuck = samples.filter((s) => s.flags.includes('flat_line'));
    expect(stuck.length).toBeGreaterThanOrEqual(20);
    expect(stuck.every((s) => s.value === 4.25)).toBe(true);
    expect(samples.filter((s) => s.normalized !== undefined).length).toBeGreaterThan(samples.length - 40);
  });

  it('releases a held stage that the configuration switched off across a restart, in order', () => {
    const on = resolveOptions(rules, sensor, { latenessMs: 0, resample: { enabled: false } });
    const p = new SensorPipeline(on);
    const input = faultyStream().slice(0, 50);
    const first = p.push(input);
    expect(p.held).toBeGreaterThan(0);
    const off = resolveOptions(rules, sensor, {
      latenessMs: 0,
      resample: { enabled: false },
      hampel: { enabled: false },
      flatLine: { enabled: false },
    });
    const restarted = new SensorPipeline(off, roundTrip(p.snapshot()));
    const next = restarted.push([{ ts: input[input.length - 1]!.ts + 5000, value: 3, quality: 'good' }]);
    const all = [...first.samples, ...next.samples];
    expect(all.every((s, i) => i === 0 || s.ts > all[i - 1]!.ts)).toBe(true);
    expect(restarted.held).toBe(0);
  });
});
