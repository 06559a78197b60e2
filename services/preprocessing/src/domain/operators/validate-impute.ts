import { addFlag, type Point } from '../point';
import type { HeldPoint } from './reorder-buffer';

export interface ValidateState {
  /** The last valid reading: the left neighbour of an invalid run. */
  lastGood: { ts: number; value: number } | null;
  /** Invalid samples waiting for their right neighbour (at most maxImputeSamples). */
  held: Point[];
  /** The current invalid run outgrew maxImputeSamples: its next samples hold the last good value at once. */
  overflow: boolean;
  /** A sample was dropped (nothing to impute from): the next one emitted is flagged `gap_before`. */
  gapPending: boolean;
}

export interface ValidateOptions {
  range: { min: number; max: number } | null;
  maxImputeSamples: number;
}

/**
 * Validation and range checks, with imputation instead of dropping. A bad-quality or valueless sample (flag
 * `bad_quality`) or one outside the plausible range (`out_of_range`) keeps its reading in `raw` and gets an imputed
 * value (`imputed`): linear in time between the good neighbours when the invalid run is at most maxImputeSamples
 * long (the run waits for its right neighbour), else the last good value (hold). A run at the very start of a
 * stream takes the first good value; with no good value ever seen, a run longer than the limit cannot be imputed:
 * those samples are counted `unimputable`, not emitted, and the next emitted sample is flagged `gap_before`.
 * An `uncertain` sample keeps its value and is flagged `bad_quality`.
 */
export class ValidateImpute {
  badQuality = 0;
  outOfRange = 0;
  imputed = 0;
  unimputable = 0;

  constructor(
    private readonly o: ValidateOptions,
    private readonly s: ValidateState = { lastGood: null, held: [], overflow: false, gapPending: false },
  ) {}

  get heldCount(): number {
    return this.s.held.length;
  }

  push(points: readonly HeldPoint[], out: Point[]): void {
    for (const h of points) {
      const p: Point = { ts: h.ts, value: h.value ?? 0, quality: h.quality, flags: [], measured: true };
      if (h.reordered) addFlag(p, 'reordered');
      const range = this.o.range;
      if (h.quality === 'bad' || h.value === null) {
        this.badQuality++;
        addFlag(p, 'bad_quality');
      } else if (range && (h.value < range.min || h.value > range.max)) {
        this.outOfRange++;
        addFlag(p, 'out_of_range');
      } else {
        if (h.quality === 'uncertain') addFlag(p, 'bad_quality');
        this.good(p, out);
        continue;
      }
      p.raw = h.value;
      this.invalid(p, out);
    }
  }

  flush(out: Point[]): void {
    for (const p of this.s.held.splice(0)) this.hold(p, out);
  }

  snapshot(): ValidateState {
    return this.s;
  }

  private good(p: Point, out: Point[]): void {
    const s = this.s;
    const left = s.lastGood;
    for (const q of s.held.splice(0)) {
      const value = left === null ? p.value : left.value + ((p.value - left.value) * (q.ts - left.ts)) / (p.ts - left.ts);
      this.emitImputed(q, value, out);
    }
    s.overflow = false;
    s.lastGood = { ts: p.ts, value: p.value };
    this.emit(p, out);
  }

  private invalid(p: Point, out: Point[]): void {
    const s = this.s;
    if (!s.overflow && s.held.length < this.o.maxImputeSamples) {
      s.held.push(p);
      return;
    }
    s.overflow = true;
    for (const q of s.held.splice(0)) this.hold(q, out);
    this.hold(p, out);
  }

  private hold(p: Point, out: Point[]): void {
    if (this.s.lastGood === null) {
      this.unimputable++;
      this.s.gapPending = true;
      return;
    }
    this.emitImputed(p, this.s.lastGood.value, out);
  }

  private emitImputed(p: Point, value: number, out: Point[]): void {
    p.value = value;
    addFlag(p, 'imputed');
    this.imputed++;
    this.emit(p, out);
  }

  private emit(p: Point, out: Point[]): void {
    if (this.s.gapPending) {
      addFlag(p, 'gap_before');
      this.s.gapPending = false;
    }
    out.push(p);
  }
}
