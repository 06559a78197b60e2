import { butter, sosfilt, sosfiltZi, type FilterType } from '@vigie/signal';
import { correct, type Point } from '../point';

export interface ButterworthOptions {
  type: FilterType;
  order: number;
  cutoffHz: number | readonly [number, number];
}

export interface ButterworthState {
  /** Second-order-section delays (n×2) carried from one chunk to the next; null before the first sample. */
  zi: number[] | null;
  /** The period the filter was designed for: a new period redesigns it and restarts its state. */
  periodMs: number | null;
}

/**
 * Causal Butterworth filter (second-order sections) whose delays are carried across chunks, so a stream filtered in
 * pieces equals the stream filtered whole. It runs once the sampling rate is known (the nominal period); it starts
 * in steady state on its first sample and again after a `gap_before` (a gap is a discontinuity, not a step to ring
 * on). Filtered values are flagged `filtered`, their reading kept in `raw`. A cutoff the rate cannot carry
 * (at or above Nyquist) leaves values untouched and is reported in `error`.
 */
export class StreamingButterworth {
  filtered = 0;
  error: string | null = null;
  private sos: Float64Array | null = null;
  private designedFor: number | null = null;

  constructor(
    private readonly o: ButterworthOptions,
    private readonly s: ButterworthState = { zi: null, periodMs: null },
  ) {}

  /** Throws the FilterError of a design this rate cannot carry. */
  static design(o: ButterworthOptions, periodMs: number): Float64Array {
    return butter(o.order, o.cutoffHz, o.type, 1000 / periodMs);
  }

  push(points: Point[], periodMs: number | null): void {
    if (periodMs === null || points.length === 0) return;
    const sos = this.sosFor(periodMs);
    if (sos === null) return;
    let start = 0;
    for (let i = 1; i <= points.length; i++) {
      if (i === points.length || points[i]!.flags.includes('gap_before')) {
        if (points[start]!.flags.includes('gap_before')) this.s.zi = null;
        this.run(sos, points, start, i);
        start = i;
      }
    }
  }

  snapshot(): ButterworthState {
    return this.s;
  }

  private sosFor(periodMs: number): Float64Array | null {
    if (this.s.periodMs !== periodMs) {
      this.s.periodMs = periodMs;
      this.s.zi = null;
    }
    if (this.designedFor !== periodMs) {
      this.designedFor = periodMs;
      try {
        this.sos = StreamingButterworth.design(this.o, periodMs);
        this.error = null;
      } catch (err) {
        this.sos = null;
        this.error = (err as { code?: string }).code ?? (err as Error).message;
      }
    }
    return this.sos;
  }

  private run(sos: Float64Array, points: Point[], from: number, to: number): void {
    const x = new Float64Array(to - from);
    for (let i = from; i < to; i++) x[i - from] = points[i]!.value;
    const carried = this.s.zi;
    let zi: Float64Array;
    if (carried !== null && carried.length === (sos.length / 6) * 2) zi = Float64Array.from(carried);
    else {
      // Steady state for a signal that has always been x[0]: no start-up transient.
      zi = sosfiltZi(sos);
      for (let i = 0; i < zi.length; i++) zi[i] = zi[i]! * x[0]!;
    }
    const { y, zf } = sosfilt(sos, x, zi);
    for (let i = from; i < to; i++) correct(points[i]!, y[i - from]!, 'filtered');
    this.filtered += to - from;
    this.s.zi = Array.from(zf);
  }
}
