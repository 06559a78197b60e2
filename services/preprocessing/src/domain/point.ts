import type { Quality, SampleFlag } from '@vigie/contracts';
import { SampleFlag as SampleFlagEnum } from '@vigie/contracts';

/** A sample as received, once its event is decoded (value null: the source sent none). */
export interface InputPoint {
  ts: number;
  value: number | null;
  quality: Quality;
}

/**
 * A sample inside the pipeline. `value` is always a number once validation has run; `raw` is set (number or null)
 * when the value differs from the reading at this timestamp; `measured` is false for points the pipeline created
 * (filled gaps, grid points between two readings).
 */
export interface Point {
  ts: number;
  value: number;
  quality: Quality;
  flags: SampleFlag[];
  raw?: number | null;
  measured: boolean;
  normalized?: number;
}

const FLAG_ORDER: ReadonlyMap<SampleFlag, number> = new Map(SampleFlagEnum.options.map((f, i) => [f, i]));

/** Adds a flag once, keeping the contract's order (so equal pipelines produce byte-equal samples). */
export function addFlag(p: { flags: SampleFlag[] }, flag: SampleFlag): void {
  if (p.flags.includes(flag)) return;
  p.flags.push(flag);
  if (p.flags.length > 1) p.flags.sort((a, b) => FLAG_ORDER.get(a)! - FLAG_ORDER.get(b)!);
}

/** Replaces a point's value, keeping the first original reading in `raw` (only measured points have one). */
export function correct(p: Point, value: number, flag: SampleFlag): void {
  if (p.measured && p.raw === undefined && value !== p.value) p.raw = p.value;
  p.value = value;
  addFlag(p, flag);
}

const QUALITY_RANK: Readonly<Record<Quality, number>> = { good: 0, uncertain: 1, bad: 2 };

export function worstQuality(a: Quality, b: Quality): Quality {
  return QUALITY_RANK[a] >= QUALITY_RANK[b] ? a : b;
}

/** Median of a small sample, sorting `scratch` in place (allocation-free in hot loops). */
export function medianInPlace(scratch: Float64Array, n: number): number {
  const view = scratch.subarray(0, n).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? view[mid]! : (view[mid - 1]! + view[mid]!) / 2;
}
