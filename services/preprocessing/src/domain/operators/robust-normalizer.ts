import { medianInPlace, type Point } from '../point';

export interface NormalizeOptions {
  /** Recent measured values the statistics are computed on. */
  windowSamples: number;
  /** The statistics are recomputed every this many values (and first once minSamples are known). */
  updateEvery: number;
  minSamples: number;
}

export interface NormalizeState {
  window: number[];
  /** Values added since the statistics were last computed. */
  since: number;
  median: number | null;
  /** Median absolute deviation, unscaled. */
  mad: number | null;
}

const MAD_SCALE = 1.4826;

/**
 * Per-sensor robust normalisation: every output sample gets `normalized` = (value − median) / (1.4826·MAD) from the
 * statistics in force (persisted with the sensor's state), never replacing `value`. The statistics are those of the
 * last windowSamples non-imputed output values, recomputed every updateEvery values, so they do not depend on
 * how the stream is cut into batches. None before minSamples values, and none while the MAD is 0.
 */
export class RobustNormalizer {
  normalized = 0;
  private readonly scratch: Float64Array;

  constructor(
    private readonly o: NormalizeOptions,
    private readonly s: NormalizeState = { window: [], since: 0, median: null, mad: null },
  ) {
    this.scratch = new Float64Array(o.windowSamples);
    if (s.window.length > o.windowSamples) s.window.splice(0, s.window.length - o.windowSamples);
  }

  get stats(): { median: number | null; mad: number | null } {
    return { median: this.s.median, mad: this.s.mad };
  }

  push(points: Point[]): void {
    const s = this.s;
    for (const p of points) {
      if (s.median !== null && s.mad !== null && s.mad > 0) {
        p.normalized = (p.value - s.median) / (MAD_SCALE * s.mad);
        this.normalized++;
      }
      if (p.flags.includes('imputed')) continue;
      s.window.push(p.value);
      if (s.window.length > this.o.windowSamples) s.window.shift();
      s.since++;
      if (s.window.length >= this.o.minSamples && (s.median === null || s.since >= this.o.updateEvery)) this.update();
    }
  }

  snapshot(): NormalizeState {
    return this.s;
  }

  private update(): void {
    const s = this.s;
    const n = s.window.length;
    for (let i = 0; i < n; i++) this.scratch[i] = s.window[i]!;
    const med = medianInPlace(this.scratch, n);
    for (let i = 0; i < n; i++) this.scratch[i] = Math.abs(s.window[i]! - med);
    s.median = med;
    s.mad = medianInPlace(this.scratch, n);
    s.since = 0;
  }
}
