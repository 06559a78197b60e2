import { correct, type Point } from '../point';

export interface DetrendOptions {
  /** Span of the exponential average tracking the baseline, in samples (α = 2 / (span + 1)). */
  windowSamples: number;
}

export interface DetrendState {
  baseline: number | null;
}

/**
 * Streaming detrend: removes a baseline tracked by an exponential moving average (b ← b + α(x − b), starting at the
 * first sample; the output is x − b). Unlike a batch linear detrend it needs no look-ahead and no block edges; a
 * trend much slower than the span is removed, faster variation kept. Values are flagged `detrended`, reading in `raw`.
 * Off by default: it would erase the slow degradation trend the RUL models read.
 */
export class BaselineDetrend {
  detrended = 0;
  private readonly alpha: number;

  constructor(
    o: DetrendOptions,
    private readonly s: DetrendState = { baseline: null },
  ) {
    this.alpha = 2 / (o.windowSamples + 1);
  }

  push(points: Point[]): void {
    for (const p of points) {
      const b = this.s.baseline === null ? p.value : this.s.baseline + this.alpha * (p.value - this.s.baseline);
      this.s.baseline = b;
      correct(p, p.value - b, 'detrended');
      this.detrended++;
    }
  }

  snapshot(): DetrendState {
    return this.s;
  }
}
