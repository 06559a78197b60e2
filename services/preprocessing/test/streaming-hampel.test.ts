import { describe, expect, it } from 'vitest';
import { hampel } from '@vigie/signal';
import { StreamingHampel, type HampelState } from '../src/domain/operators/streaming-hampel';
import type { Point } from '../src/domain/point';
import { chunks, rng, roundTrip } from './stream-fixtures';

const pts = (values: readonly number[]): Point[] =>
  values.map((value, i) => ({ ts: i * 1000, value, quality: 'good', flags: [], measured: true }));
const opts = { halfWindow: 3, nSigmas: 3, minDeviation: 0 };

/** The textbook batch Hampel filter (windows truncated at both ends), to hold the streaming one to. */
function batchHampel(x: readonly number[], k: number, t: number): { y: number[]; outliers: boolean[] } {
  const med = (a: number[]) => {
    const s = [...a].sort((p, q) => p - q);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const y = [...x];
  const outliers = x.map(() => false);
  for (let i = 0; i < x.length; i++) {
    const w = x.slice(Math.max(0, i - k), Math.min(x.length, i + k + 1));
    const m = med(w);
    const s = 1.4826 * med(w.map((v) => Math.abs(v - m)));
    if (Math.abs(x[i]! - m) > t * s) {
      y[i] = m;
      outliers[i] = true;
    }
  }
  return { y, outliers };
}

function noisy(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => Math.sin(i / 6) + (r() - 0.5) * 0.3 + (i % 41 === 17 ? 6 * (r() > 0.5 ? 1 : -1) : 0));
}

describe('StreamingHampel (look-ahead of k samples)', () => {
  it('replaces a spike by its window median, keeps the reading in raw and flags it', () => {
    const op = new StreamingHampel(opts);
    const out: Point[] = [];
    op.push(pts([1, 1.1, 0.9, 1, 30, 1.05, 0.95, 1, 1.1]), out);
    op.flush(out);
    const spike = out[4]!;
    expect([spike.value, spike.raw, spike.flags]).toEqual([1, 30, ['spike']]);
    expect(out.filter((p) => p.flags.length > 0)).toHaveLength(1);
    expect(op.spikes).toBe(1);
  });

  it('decides a point only once k later points are known', () => {
    const op = new StreamingHampel(opts);
    const out: Point[] = [];
    op.push(pts([1, 2, 3, 4, 5]), out);
    expect(out.map((p) => p.ts)).toEqual([0, 1000]);
    expect(op.heldCount).toBe(3);
  });

  it('equals the batch filter, edges included', () => {
    const x = noisy(400, 3);
    const ref = batchHampel(x, 3, 3);
    const op = new StreamingHampel(opts);
    const out: Point[] = [];
    op.push(pts(x), out);
    op.flush(out);
    expect(out.map((p) => p.value)).toEqual(ref.y);
    expect(out.map((p) => p.flags.includes('spike'))).toEqual(ref.outliers);
    expect(ref.outliers.filter(Boolean).length).toBeGreaterThan(5);
  });

  it('equals @vigie/signal hampel (the batch function) bit for bit, in chunks too', () => {
    for (const k of [1, 3, 5]) {
      const x = noisy(300, 20 + k);
      const ref = hampel(x, k, 2.5);
      const out: Point[] = [];
      let state: HampelState | undefined;
      for (const chunk of chunks(pts(x), k, 7)) {
        const op = new StreamingHampel({ halfWindow: k, nSigmas: 2.5, minDeviation: 0 }, state && roundTrip(state));
        op.push(chunk, out);
        state = op.snapshot();
      }
      new StreamingHampel({ halfWindow: k, nSigmas: 2.5, minDeviation: 0 }, state).flush(out);
      expect(out.map((p) => p.value)).toEqual(Array.from(ref.y));
      expect(out.map((p) => (p.flags.includes('spike') ? 1 : 0))).toEqual(Array.from(ref.outliers));
    }
  });

  it('never calls a deviation at or below minDeviation a spike (a steady, quantised signal)', () => {
    const out: Point[] = [];
    const op = new StreamingHampel({ ...opts, minDeviation: 0.5 });
    op.push(pts([20, 20, 20, 20.1, 20, 20, 20]), out);
    op.flush(out);
    expect(out.every((p) => p.flags.length === 0)).toBe(true);
    const strict = new StreamingHampel(opts);
    const out2: Point[] = [];
    strict.push(pts([20, 20, 20, 20.1, 20, 20, 20]), out2);
    strict.flush(out2);
    expect(out2[3]!.flags).toEqual(['spike']);
  });

  it('gives the same output in chunks, with its state through JSON, as whole', () => {
    const x = noisy(500, 11);
    const whole: Point[] = [];
    const w = new StreamingHampel(opts);
    w.push(pts(x), whole);
    w.flush(whole);
    const out: Point[] = [];
    let state: HampelState | undefined;
    for (const chunk of chunks(pts(x), 2, 9)) {
      const op = new StreamingHampel(opts, state && roundTrip(state));
      op.push(chunk, out);
      state = op.snapshot();
    }
    new StreamingHampel(opts, state).flush(out);
    expect(out).toEqual(whole);
  });
});
