import { addFlag, medianInPlace, worstQuality, type Point } from '../point';

export interface RegularizeOptions {
  /** Resample onto multiples of the period; otherwise only fill gaps. */
  resample: boolean;
  /** A fixed period; null to learn it (median interval). */
  periodMs: number | null;
  gapFactor: number;
  maxImputeSamples: number;
}

export interface RegularizeState {
  /** The last intervals between readings (for the median). */
  deltas: number[];
  /** The nominal period in use, null until learned. */
  periodMs: number | null;
  /** The grid is phaseMs + k·periodMs: the sensor's own phase (taken when the period locks), so on-time readings are kept as read. */
  phaseMs?: number;
  /** The last input point (left neighbour of the next interpolation). */
  last: Point | null;
  /** Grid points after this timestamp are still to be produced (the last emitted one, or just before a gap's end). */
  gridFrom: number | null;
  /** The next point emitted follows a gap longer than the imputation limit. */
  gapPending: boolean;
}

/** Intervals in the median, and how many are needed before the period is trusted. */
const DELTAS = 16;
const MIN_DELTAS = 8;
/** A median interval this far (relative) from the period in use replaces it (the sensor was reconfigured). */
const RELOCK = 0.25;
/** Points taken from a neighbour by an interpolated grid point (gap_before and the neighbour's own changes are not). */
const INHERITED: ReadonlySet<string> = new Set(['out_of_range', 'bad_quality', 'imputed', 'spike', 'flat_line']);

/**
 * Gaps and a fixed rate. The nominal period is the median of the last intervals (rounded to the ms; relearned when
 * the median moves by more than 25 %); until it is known, points pass unchanged. An interval longer than
 * gapFactor × period is a gap: with at most maxImputeSamples missing points they are filled by linear
 * interpolation (`imputed`), else nothing is invented and the next point is flagged `gap_before`.
 * With resampling, output timestamps are a grid at the period, in the sensor's own phase (the timestamp at which the
 * period locked, modulo the period; 0 for a configured period): a grid point that coincides with a reading is
 * that reading, one between two readings is interpolated (`resampled`, flags of the nearer reading, worst quality
 * of the two). Without it, readings pass unchanged and only gaps are filled, evenly spaced.
 */
export class Regularize {
  resampled = 0;
  filled = 0;
  gaps = 0;
  private readonly scratch = new Float64Array(DELTAS);

  constructor(
    private readonly o: RegularizeOptions,
    private readonly s: RegularizeState = { deltas: [], periodMs: o.periodMs, last: null, gridFrom: null, gapPending: false },
  ) {
    if (o.periodMs !== null) s.periodMs = o.periodMs;
  }

  get periodMs(): number | null {
    return this.s.periodMs;
  }

  push(points: readonly Point[], out: Point[]): void {
    for (const c of points) {
      const s = this.s;
      const p = s.last;
      if (c.flags.includes('gap_before')) {
        c.flags.splice(c.flags.indexOf('gap_before'), 1);
        s.gapPending = true;
      }
      if (p !== null && this.o.periodMs === null) this.learn(c.ts - p.ts, c.ts);
      const period = s.periodMs;
      if (period === null) this.emit(c, out);
      else if (this.o.resample) this.resample(p, c, period, out);
      else if (p === null) this.emit(c, out);
      else this.fill(p, c, period, out);
      // A copy: the emitted point is changed further down the pipeline, the neighbour must stay as it came.
      s.last = { ...c, flags: [...c.flags] };
    }
  }

  snapshot(): RegularizeState {
    return this.s;
  }

  private learn(delta: number, ts: number): void {
    const s = this.s;
    s.deltas.push(delta);
    if (s.deltas.length > DELTAS) s.deltas.shift();
    if (s.deltas.length < MIN_DELTAS) return;
    for (let i = 0; i < s.deltas.length; i++) this.scratch[i] = s.deltas[i]!;
    const med = Math.max(1, Math.round(medianInPlace(this.scratch, s.deltas.length)));
    if (s.periodMs === null || Math.abs(med - s.periodMs) > RELOCK * s.periodMs) {
      s.periodMs = med;
      s.phaseMs = ts % med;
    }
  }

  private resample(p: Point | null, c: Point, period: number, out: Point[]): void {
    const s = this.s;
    const phase = s.phaseMs ?? 0;
    if (p === null) {
      if ((c.ts - phase) % period === 0) this.emit(c, out);
      return;
    }
    const gap = c.ts - p.ts > this.o.gapFactor * period;
    if (gap) {
      const missing = Math.max(0, Math.ceil((c.ts - phase) / period) - Math.floor((p.ts - phase) / period) - 1);
      if (missing > this.o.maxImputeSamples) {
        this.gaps++;
        s.gapPending = true;
        s.gridFrom = c.ts - 1;
      }
    }
    const from = s.gridFrom ?? p.ts - 1;
    for (let g = (Math.floor((from - phase) / period) + 1) * period + phase; g <= c.ts; g += period) {
      if (g === c.ts) {
        this.emit(c, out);
        continue;
      }
      const near = g - p.ts <= c.ts - g ? p : c;
      const q: Point = {
        ts: g,
        value: p.value + ((c.value - p.value) * (g - p.ts)) / (c.ts - p.ts),
        quality: worstQuality(p.quality, c.quality),
        flags: near.flags.filter((f) => INHERITED.has(f)),
        measured: false,
      };
      addFlag(q, 'resampled');
      this.resampled++;
      if (gap && g > p.ts) {
        addFlag(q, 'imputed');
        this.filled++;
      }
      this.emit(q, out);
    }
  }

  private fill(p: Point, c: Point, period: number, out: Point[]): void {
    const dt = c.ts - p.ts;
    if (dt > this.o.gapFactor * period) {
      const missing = Math.round(dt / period) - 1;
      if (missing > this.o.maxImputeSamples) {
        this.gaps++;
        this.s.gapPending = true;
      } else {
        for (let j = 1; j <= missing; j++) {
          const ts = p.ts + Math.round((dt * j) / (missing + 1));
          const q: Point = {
            ts,
            value: p.value + ((c.value - p.value) * (ts - p.ts)) / dt,
            quality: 'uncertain',
            flags: ['imputed'],
            measured: false,
          };
          this.filled++;
          this.emit(q, out);
        }
      }
    }
    this.emit(c, out);
  }

  private emit(q: Point, out: Point[]): void {
    if (this.s.gapPending) {
      addFlag(q, 'gap_before');
      this.s.gapPending = false;
    }
    this.s.gridFrom = q.ts;
    out.push(q);
  }
}
