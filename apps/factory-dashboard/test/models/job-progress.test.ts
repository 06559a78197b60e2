import { describe, expect, it } from 'vitest';
import { anyActive, canCancel, jobDurationMs, jobSubject, mergeJobs, progressView } from '../../src/pages/models/job-progress';
import { anomalyJob, rulJob } from './fixtures';

describe('progressView', () => {
  it('is indeterminate while queued and follows the reported progress while running', () => {
    expect(progressView({ status: 'queued', progress: 0 })).toEqual({ percent: 0, determinate: false, color: 'primary' });
    expect(progressView({ status: 'running', progress: 0.426 })).toEqual({ percent: 43, determinate: true, color: 'primary' });
  });

  it('shows a finished job full, and a failed or cancelled one where it stopped, in its colour', () => {
    expect(progressView({ status: 'succeeded', progress: 0.97 })).toEqual({ percent: 100, determinate: true, color: 'success' });
    expect(progressView({ status: 'failed', progress: 0.3 })).toEqual({ percent: 30, determinate: true, color: 'error' });
    expect(progressView({ status: 'cancelled', progress: 0.5 })).toEqual({ percent: 50, determinate: true, color: 'warning' });
  });

  it('clamps a progress outside [0, 1]', () => {
    expect(progressView({ status: 'running', progress: 1.2 }).percent).toBe(100);
    expect(progressView({ status: 'running', progress: -0.1 }).percent).toBe(0);
  });
});

describe('activity', () => {
  it('counts queued and running jobs as active; only those can be cancelled', () => {
    expect(anyActive([{ status: 'succeeded' }, { status: 'queued' }])).toBe(true);
    expect(anyActive([{ status: 'succeeded' }, { status: 'failed' }, { status: 'cancelled' }])).toBe(false);
    expect(anyActive([])).toBe(false);
    expect(['queued', 'running', 'succeeded', 'failed', 'cancelled'].map((s) => canCancel(s as 'queued'))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('jobDurationMs', () => {
  it('runs from start to end, or to now while running, and is null before the start', () => {
    const start = '2026-11-27T10:00:00.000Z';
    expect(jobDurationMs({ startedAt: start, finishedAt: '2026-11-27T10:01:30.000Z' }, 0)).toBe(90_000);
    expect(jobDurationMs({ startedAt: start, finishedAt: null }, Date.parse(start) + 5000)).toBe(5000);
    expect(jobDurationMs({ startedAt: null, finishedAt: null }, Date.now())).toBeNull();
  });
});

describe('mergeJobs', () => {
  it('lists both services’ jobs newest first, tagged with their kind', () => {
    const merged = mergeJobs(
      [rulJob({ id: 'r1', createdAt: '2026-11-27T10:00:00.000Z' }), rulJob({ id: 'r0', createdAt: '2026-11-27T08:00:00.000Z' })],
      [anomalyJob({ id: 'a1', createdAt: '2026-11-27T09:00:00.000Z', assetId: null })],
    );
    expect(merged.map((j) => `${j.kind}:${j.id}`)).toEqual(['rul:r1', 'anomaly:a1', 'rul:r0']);
    expect(merged.map(jobSubject)).toEqual(['FD001', null, 'FD001']);
  });
});
