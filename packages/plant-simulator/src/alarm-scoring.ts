import type { HealthState } from './degradation';

/**
 * Scores a detector's alarms against the plant's ground truth (plant.groundTruth): false alarms on healthy time, and
 * how long before each failure a degrading asset was flagged. Pure: the caller gives the alarmed windows and the state
 * timeline of each asset (healthTimeline builds it from groundTruth).
 */

export type AlarmLevel = 'low' | 'medium' | 'high' | 'critical';
export const ALARM_LEVELS: readonly AlarmLevel[] = ['low', 'medium', 'high', 'critical'];
const RANK: Readonly<Record<AlarmLevel, number>> = { low: 0, medium: 1, high: 2, critical: 3 };

/** One anomalous window of one sensor (an `anomaly_events` row): [start, end) in plant epoch ms. */
export interface AlarmWindow {
  assetId: string;
  start: number;
  end: number;
  level: AlarmLevel;
}

/** An alarm as an operator sees it: an asset's anomalous windows that follow one another without a gap. */
export interface AlarmEpisode {
  assetId: string;
  start: number;
  end: number;
  /** End of its first window: the stretch that decides whether it is a false alarm. */
  firstEnd: number;
  /** Highest level among its windows. */
  peak: AlarmLevel;
  windows: number;
}

/** A stretch of one asset's ground-truth state, [from, to). */
export interface StateSpan {
  state: HealthState;
  from: number;
  to: number;
}

/** One degradation of an asset that ended in a failure inside the timeline. */
export interface FailureCycle {
  assetId: string;
  onset: number;
  failureAt: number;
}

export class AlarmScoringError extends RangeError {
  constructor(
    readonly code: 'ALARM_WINDOW_INVALID' | 'TIMELINE_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'AlarmScoringError';
  }
}

export const atLeast = (level: AlarmLevel, min: AlarmLevel): boolean => RANK[level] >= RANK[min];

/**
 * Merges the windows of each asset into episodes, whatever the sensor: a window joins the current episode when it
 * starts no later than `gapMs` after the episode's end (0: the windows touch or overlap, i.e. are consecutive).
 * Only windows at `minLevel` or above count: the alarms an operator would get with that level as the threshold.
 */
export function mergeEpisodes(windows: readonly AlarmWindow[], minLevel: AlarmLevel = 'low', gapMs = 0): AlarmEpisode[] {
  for (const w of windows) {
    if (!(Number.isFinite(w.start) && Number.isFinite(w.end) && w.end > w.start) || RANK[w.level] === undefined) {
      throw new AlarmScoringError('ALARM_WINDOW_INVALID', `invalid alarm window ${JSON.stringify(w)}`);
    }
  }
  const kept = windows
    .filter((w) => atLeast(w.level, minLevel))
    .sort((a, b) => a.assetId.localeCompare(b.assetId) || a.start - b.start || a.end - b.end);
  const episodes: AlarmEpisode[] = [];
  let current: AlarmEpisode | undefined;
  for (const w of kept) {
    if (current && current.assetId === w.assetId && w.start <= current.end + gapMs) {
      current.end = Math.max(current.end, w.end);
      current.windows++;
      if (RANK[w.level] > RANK[current.peak]) current.peak = w.level;
      continue;
    }
    current = { assetId: w.assetId, start: w.start, end: w.end, firstEnd: w.end, peak: w.level, windows: 1 };
    episodes.push(current);
  }
  return episodes;
}

/**
 * The spans of an asset's state over [from, to): `stateAt` is sampled every `stepMs` and each change is located by
 * bisection to 1 ms. A state that lasts less than `stepMs` between two samples can be missed: keep stepMs below the
 * shortest phase (the plant's are minutes long).
 */
export function healthTimeline(stateAt: (t: number) => HealthState, from: number, to: number, stepMs = 60_000): StateSpan[] {
  if (!(to > from && stepMs > 0)) throw new AlarmScoringError('TIMELINE_INVALID', `invalid timeline [${from}, ${to}) step ${stepMs}`);
  const spans: StateSpan[] = [];
  let state = stateAt(from);
  let spanStart = from;
  let prev = from;
  for (let t = Math.min(from + stepMs, to); ; t = Math.min(t + stepMs, to)) {
    const s = t < to ? stateAt(t) : state;
    if (s !== state) {
      // The change lies in (prev, t]: bisect for the first ms in the new state.
      let lo = prev;
      let hi = t;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (stateAt(mid) === state) lo = mid;
        else hi = mid;
      }
      spans.push({ state, from: spanStart, to: hi });
      spanStart = hi;
      state = stateAt(hi);
    }
    prev = t;
    if (t >= to) break;
  }
  spans.push({ state, from: spanStart, to });
  return spans;
}

/** Whether the asset was in `state` over the whole of [start, end). */
export function wholly(timeline: readonly StateSpan[], state: HealthState, start: number, end: number): boolean {
  return timeline.some((s) => s.state === state && s.from <= start && s.to >= end);
}

/** Milliseconds of `state` in [from, to). */
export function timeIn(timeline: readonly StateSpan[], state: HealthState, from: number, to: number): number {
  let ms = 0;
  for (const s of timeline) if (s.state === state) ms += Math.max(0, Math.min(s.to, to) - Math.max(s.from, from));
  return ms;
}

/** Degradations that reach their failure inside the timeline: a `degrading` span followed by `failed`. */
export function failureCycles(assetId: string, timeline: readonly StateSpan[]): FailureCycle[] {
  const cycles: FailureCycle[] = [];
  for (let i = 0; i + 1 < timeline.length; i++) {
    const s = timeline[i]!;
    if (s.state === 'degrading' && timeline[i + 1]!.state === 'failed') cycles.push({ assetId, onset: s.from, failureAt: s.to });
  }
  return cycles;
}

/**
 * A false alarm is an episode that starts while the asset runs healthy: its first window lies wholly in `running`
 * (before a wear onset, or after a repair). Episodes that start while it degrades, is down or is being repaired are not.
 */
export function falseAlarms(episodes: readonly AlarmEpisode[], timelines: ReadonlyMap<string, readonly StateSpan[]>): AlarmEpisode[] {
  return episodes.filter((e) => {
    const timeline = timelines.get(e.assetId);
    if (!timeline) throw new AlarmScoringError('TIMELINE_INVALID', `no ground-truth timeline for ${e.assetId}`);
    return wholly(timeline, 'running', e.start, e.firstEnd);
  });
}

export interface Detection<W extends AlarmWindow = AlarmWindow> extends FailureCycle {
  /** The first window at `minLevel` or above that ends after onset and no later than the failure; null if none. */
  flag: W | null;
  /** End of that window (when its verdict exists); null when not flagged. */
  flaggedAt: number | null;
  /** failureAt − flaggedAt, in hours; null when not flagged. */
  leadHours: number | null;
}

/** When each failure was first flagged at `minLevel` or above, and how long before it. */
export function detections<W extends AlarmWindow>(
  cycles: readonly FailureCycle[],
  windows: readonly W[],
  minLevel: AlarmLevel = 'medium',
): Detection<W>[] {
  return cycles.map((c) => {
    let flag: W | null = null;
    for (const w of windows) {
      if (w.assetId !== c.assetId || !atLeast(w.level, minLevel)) continue;
      if (w.end > c.onset && w.end <= c.failureAt && (flag === null || w.end < flag.end)) flag = w;
    }
    const flaggedAt = flag?.end ?? null;
    return { ...c, flag, flaggedAt, leadHours: flaggedAt === null ? null : (c.failureAt - flaggedAt) / 3_600_000 };
  });
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
