import { describe, expect, it } from 'vitest';
import {
  AlarmScoringError,
  detections,
  failureCycles,
  falseAlarms,
  healthTimeline,
  median,
  mergeEpisodes,
  timeIn,
  type AlarmWindow,
  type StateSpan,
} from '../src/alarm-scoring';
import { createPlant } from '../src/index';

const MIN = 60_000;
const W = 5 * MIN;
const win = (assetId: string, k: number, level: AlarmWindow['level'] = 'low', sensorId = `${assetId}.vibration`) => ({
  assetId,
  sensorId,
  start: k * W,
  end: (k + 1) * W,
  level,
});

describe('mergeEpisodes', () => {
  it('merges an asset’s consecutive windows whatever the sensor, and keeps assets and gaps apart', () => {
    const episodes = mergeEpisodes([
      win('A', 1),
      win('A', 2, 'medium', 'A.current'),
      win('A', 3),
      win('A', 5), // a quiet window in between: a new alarm
      win('B', 2),
    ]);
    expect(episodes).toEqual([
      { assetId: 'A', start: 1 * W, end: 4 * W, firstEnd: 2 * W, peak: 'medium', windows: 3 },
      { assetId: 'A', start: 5 * W, end: 6 * W, firstEnd: 6 * W, peak: 'low', windows: 1 },
      { assetId: 'B', start: 2 * W, end: 3 * W, firstEnd: 3 * W, peak: 'low', windows: 1 },
    ]);
  });

  it('merges overlapping (sliding) windows and, with a gap allowance, windows a quiet window apart', () => {
    const sliding = [
      { assetId: 'A', start: 0, end: W, level: 'low' as const },
      { assetId: 'A', start: W / 2, end: W + W / 2, level: 'low' as const },
    ];
    expect(mergeEpisodes(sliding)).toHaveLength(1);
    expect(mergeEpisodes([win('A', 1), win('A', 3)], 'low', W)).toHaveLength(1);
    expect(mergeEpisodes([win('A', 1), win('A', 3)], 'low', 0)).toHaveLength(2);
  });

  it('counts only windows at the threshold level or above', () => {
    const windows = [win('A', 1, 'medium'), win('A', 2, 'low'), win('A', 3, 'high'), win('A', 4, 'critical')];
    expect(mergeEpisodes(windows, 'low')).toHaveLength(1);
    // The low window splits the medium+ run in two alarms.
    expect(mergeEpisodes(windows, 'medium').map((e) => [e.start / W, e.peak])).toEqual([
      [1, 'medium'],
      [3, 'critical'],
    ]);
    expect(mergeEpisodes(windows, 'critical')).toHaveLength(1);
  });

  it('rejects a malformed window with a stable code', () => {
    expect(() => mergeEpisodes([{ assetId: 'A', start: 10, end: 10, level: 'low' }])).toThrow(AlarmScoringError);
    try {
      mergeEpisodes([{ assetId: 'A', start: 0, end: 1, level: 'severe' as never }]);
      expect.unreachable();
    } catch (err) {
      expect((err as AlarmScoringError).code).toBe('ALARM_WINDOW_INVALID');
    }
  });
});

describe('healthTimeline', () => {
  it('finds every state change of a simulated failure to the millisecond', () => {
    const start = Date.UTC(2027, 0, 4, 6);
    const plant = createPlant({ seed: 7, startTime: start, accel: 1, assets: ['P-101'] });
    const timeline = healthTimeline((t) => plant.groundTruth('P-101', t).state, start, start + 6 * 60 * MIN);
    expect(timeline.map((s) => s.state)).toEqual(['running', 'degrading', 'failed', 'repair', 'running', 'degrading']);
    // Default P-101 timing: onset 30 min, failure 240 min, 5 min tripped, repaired at 270 min.
    expect(timeline.slice(0, 4).map((s) => (s.to - start) / MIN)).toEqual([30, 240, 245, 270]);
    for (let i = 1; i < timeline.length; i++) expect(timeline[i]!.from).toBe(timeline[i - 1]!.to);
    expect(timeIn(timeline, 'running', start, start + 300 * MIN)).toBe(30 * MIN + 30 * MIN);
    expect(failureCycles('P-101', timeline)).toEqual([{ assetId: 'P-101', onset: start + 30 * MIN, failureAt: start + 240 * MIN }]);
  });

  it('rejects an empty span', () => {
    expect(() => healthTimeline(() => 'running', 10, 10)).toThrow(/invalid timeline/);
  });
});

describe('false alarms and detections against ground truth', () => {
  // Running until 60 min, degrading until 120 min, failed until 130, repair until 150, running again.
  const timeline: StateSpan[] = [
    { state: 'running', from: 0, to: 60 * MIN },
    { state: 'degrading', from: 60 * MIN, to: 120 * MIN },
    { state: 'failed', from: 120 * MIN, to: 130 * MIN },
    { state: 'repair', from: 130 * MIN, to: 150 * MIN },
    { state: 'running', from: 150 * MIN, to: 300 * MIN },
  ];
  const timelines = new Map([['A', timeline]]);

  it('counts episodes that start in healthy running, before onset or after repair, and nothing else', () => {
    const windows = [
      win('A', 2), // healthy: false
      { assetId: 'A', start: 57.5 * MIN, end: 62.5 * MIN, level: 'low' as const }, // straddles onset at 60 min
      win('A', 12, 'high'), // degrading, and merged with the window before: not a false alarm
      win('A', 25), // failed: the machine is down
      win('A', 30), // restored at 150 min: false again
      win('A', 31),
    ];
    const episodes = mergeEpisodes(windows);
    expect(falseAlarms(episodes, timelines).map((e) => e.start / W)).toEqual([2, 30]);
    expect(() => falseAlarms(mergeEpisodes([win('X', 1)]), timelines)).toThrow(/no ground-truth timeline for X/);
  });

  it('flags a failure at the end of its first medium+ window after onset, with the lead time before the failure', () => {
    const [cycle] = failureCycles('A', timeline);
    const windows = [win('A', 3, 'critical'), win('A', 14, 'low'), win('A', 16, 'medium'), win('A', 15, 'high'), win('B', 13, 'critical')];
    const [d] = detections([cycle!], windows, 'medium');
    expect(d!.flaggedAt).toBe(16 * W);
    expect(d!.flag).toBe(windows[3]);
    expect(d!.leadHours).toBeCloseTo((120 - 80) / 60, 12);
    // Nothing at high or above during the wear: not flagged at that level.
    expect(detections([cycle!], windows, 'critical')[0]).toMatchObject({ flag: null, flaggedAt: null, leadHours: null });
    // A window that ends after the failure does not count as a warning.
    expect(detections([cycle!], [win('A', 24, 'critical')])[0]!.flaggedAt).toBeNull();
  });

  it('takes the median of an odd or even number of leads', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
