import { alignUp, sameGeometry, SensorWindows, type Geometry, type Position, type RawWindow } from './sensor-windows';

export type { Geometry, Position, RawWindow } from './sensor-windows';

/** The newest stored window of a sensor. */
export interface WindowMark {
  start: number;
  end: number;
}

/** A sensor's window geometry and the earliest start it may emit, kept durable across restarts. */
export interface WindowCursor extends Geometry {
  sensorId: string;
  floor: number;
}

export interface SensorMeta {
  assetId: string;
  sensorId: string;
  unit: string;
}

export interface ClosedWindow extends RawWindow, SensorMeta, Geometry {}

/**
 * Sliding and tumbling windows of every sensor, aligned on multiples of the hop so replicas and restarts cut the
 * same windows. Crash safety: `holdBack` keeps the commit at the first message an undecided window still needs, so a
 * replay rebuilds those windows whole; a restart resumes after the newest stored window (`restore`), so a replay never
 * emits a window twice or partially. A sensor's geometry is recorded in a cursor (`takeCursors`, to be stored before
 * the commit); when its profile changes the geometry, the new windows start after everything emitted and not before
 * the samples still held, so they too are whole.
 */
export class WindowAssembler {
  private readonly sensors = new Map<string, SensorWindows>();
  private marks = new Map<string, WindowMark>();
  private cursors = new Map<string, WindowCursor>();
  private readonly pending = new Map<string, WindowCursor>();

  restore(marks: ReadonlyMap<string, WindowMark>, cursors: readonly WindowCursor[]): void {
    this.marks = new Map(marks);
    this.cursors = new Map(cursors.map((c) => [c.sensorId, c]));
  }

  /** Adds one message's samples of one sensor (in time order) under `policy`; returns the windows they decided. */
  add(
    meta: SensorMeta,
    policy: Geometry & { minSamples: number },
    samples: readonly { ts: number; value: number; clean: boolean }[],
    position: Position,
  ): ClosedWindow[] {
    const closed: ClosedWindow[] = [];
    if (samples.length === 0) return closed;
    let state = this.sensors.get(meta.sensorId) ?? this.open(meta.sensorId, policy);
    if (!sameGeometry(state.geometry, policy)) state = this.switchGeometry(meta.sensorId, state, policy, closed, meta, samples[0]!.ts);
    for (const s of samples) {
      for (const w of state.add({ ...s, position }, policy.minSamples))
        closed.push({ ...w, ...meta, lengthMs: policy.lengthMs, hopMs: policy.hopMs });
    }
    return closed;
  }

  /** The offset to commit on `partition`: the earliest message an undecided window still needs, if any. */
  holdBack(partition: number): string | undefined {
    let min: bigint | undefined;
    for (const state of this.sensors.values()) {
      const p = state.firstPosition;
      if (p === undefined || p.partition !== partition) continue;
      const o = BigInt(p.offset);
      if (min === undefined || o < min) min = o;
    }
    return min?.toString();
  }

  /** Cursors created or changed since the last call; store them before committing. */
  takeCursors(): WindowCursor[] {
    const list = [...this.pending.values()];
    this.pending.clear();
    return list;
  }

  /** A sensor first seen by this process: its recorded geometry (if any), resuming after its newest stored window. */
  private open(sensorId: string, policy: Geometry): SensorWindows {
    const cursor = this.cursors.get(sensorId);
    const mark = this.marks.get(sensorId);
    const g: Geometry = cursor ?? policy;
    let floor = cursor?.floor ?? 0;
    if (mark) {
      // Same geometry: the next window after the stored one; otherwise nothing overlapping what was emitted.
      const same = mark.end - mark.start === g.lengthMs && mark.start % g.hopMs === 0;
      floor = Math.max(floor, same ? mark.start + g.hopMs : alignUp(mark.end, g.hopMs));
    }
    const state = new SensorWindows({ lengthMs: g.lengthMs, hopMs: g.hopMs }, floor, mark?.end);
    this.sensors.set(sensorId, state);
    if (!cursor) this.record({ sensorId, lengthMs: g.lengthMs, hopMs: g.hopMs, floor });
    return state;
  }

  /**
   * New windows start at or after the end of the last emitted one and the earliest sample still held (or, before any
   * sample, the first one seen: after a restart every later sample is replayed), then take over the held samples.
   */
  private switchGeometry(
    sensorId: string,
    old: SensorWindows,
    g: Geometry & { minSamples: number },
    closed: ClosedWindow[],
    meta: SensorMeta,
    firstTs: number,
  ): SensorWindows {
    const from = Math.max(old.floor, old.lastEmittedEnd ?? 0, old.next ?? old.firstSeen ?? firstTs);
    const state = new SensorWindows({ lengthMs: g.lengthMs, hopMs: g.hopMs }, alignUp(from, g.hopMs), old.lastEmittedEnd);
    for (const s of old.buffered()) {
      for (const w of state.add(s, g.minSamples)) closed.push({ ...w, ...meta, lengthMs: g.lengthMs, hopMs: g.hopMs });
    }
    this.sensors.set(sensorId, state);
    this.record({ sensorId, lengthMs: g.lengthMs, hopMs: g.hopMs, floor: state.floor });
    return state;
  }

  private record(c: WindowCursor): void {
    this.cursors.set(c.sensorId, c);
    this.pending.set(c.sensorId, c);
  }
}
