import { correct, medianInPlace, type Point } from '../point';

export interface HampelOptions {
  halfWindow: number;
  nSigmas: number;
  /** A deviation at or below this is never a spike, whatever the MAD (a quantised or very steady signal). */
  minDeviation: number;
}

export interface HampelState {
  /** Input values: up to halfWindow already decided ones (the left context), then the pending ones. */
  values: number[];
  /** Points not decided yet: each waits for halfWindow successors (the look-ahead delay). */
  pending: Point[];
}

const MAD_SCALE = 1.4826;

/**
 * Hampel filter with a k-sample look-ahead delay: a point is decided once k later points are known, on the window
 * [i−k, i+k] of input values (truncated at the start of the stream and at a flush, as the batch filter does at its
 * edges). A point further than nSigmas·1.4826·MAD from the window median is a spike: its value becomes the median,
 * its reading stays in `raw`, and it is flagged `spike`.
 */
export class StreamingHampel {
  spikes = 0;
  private readonly scratch: Float64Array;
  private readonly dev: Float64Array;

  constructor(
    private readonly o: HampelOptions,
    private readonly s: HampelState = { values: [], pending: [] },
  ) {
    this.scratch = new Float64Array(2 * o.halfWindow + 1);
    this.dev = new Float64Array(2 * o.halfWindow + 1);
  }

  get heldCount(): number {
    return this.s.pending.length;
  }

  push(points: readonly Point[], out: Point[]): void {
    const { values, pending } = this.s;
    const k = this.o.halfWindow;
    for (const p of points) {
      values.push(p.value);
      pending.push(p);
      while (pending.length > k) this.decideFirst(values.length - 1, out);
    }
    const keep = k + pending.length;
    if (values.length > keep) values.splice(0, values.length - keep);
  }

  flush(out: Point[]): void {
    const { values, pending } = this.s;
    while (pending.length > 0) this.decideFirst(values.length - 1, out);
    const k = this.o.halfWindow;
    if (values.length > k) values.splice(0, values.length - k);
  }

  snapshot(): HampelState {
    return this.s;
  }

  /** Decides the oldest pending point on the window ending at `last` (an index into values). */
  private decideFirst(last: number, out: Point[]): void {
    const { values, pending } = this.s;
    const k = this.o.halfWindow;
    const j = values.length - pending.length;
    const from = Math.max(0, j - k);
    const to = Math.min(last, j + k);
    const n = to - from + 1;
    for (let i = 0; i < n; i++) this.scratch[i] = values[from + i]!;
    const med = medianInPlace(this.scratch, n);
    for (let i = 0; i < n; i++) this.dev[i] = Math.abs(values[from + i]! - med);
    // Same evaluation order as @vigie/signal's batch `hampel`, so the two agree to the last bit.
    const threshold = this.o.nSigmas * MAD_SCALE * medianInPlace(this.dev, n);
    const p = pending.shift()!;
    const deviation = Math.abs(values[j]! - med);
    if (deviation > threshold && deviation > this.o.minDeviation) {
      correct(p, med, 'spike');
      this.spikes++;
    }
    out.push(p);
  }
}
