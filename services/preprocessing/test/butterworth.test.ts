import { describe, expect, it } from 'vitest';
import { butter, sosfilt, sosfiltZi } from '@vigie/signal';
import { StreamingButterworth, type ButterworthState } from '../src/domain/operators/butterworth';
import type { Point } from '../src/domain/point';
import { chunks, rng, roundTrip } from './stream-fixtures';

const pts = (values: readonly number[]): Point[] =>
  values.map((value, i) => ({ ts: i * 10, value, quality: 'good', flags: [], measured: true }));
const lowpass = { type: 'lowpass' as const, order: 4, cutoffHz: 5 };
const PERIOD = 10; // 100 Hz

function signal(n: number): number[] {
  const r = rng(4);
  return Array.from(
    { length: n },
    (_, i) => 2 + Math.sin((2 * Math.PI * 1 * i) / 100) + 0.5 * Math.sin((2 * Math.PI * 30 * i) / 100) + (r() - 0.5) * 0.1,
  );
}

describe('StreamingButterworth (sosfilt with its state carried)', () => {
  it('equals sosfilt over the whole signal started in steady state, and keeps readings in raw', () => {
    const x = signal(300);
    const sos = butter(4, 5, 'lowpass', 100);
    const zi = sosfiltZi(sos).map((z) => z * x[0]!);
    const ref = sosfilt(sos, x, zi).y;
    const points = pts(x);
    const op = new StreamingButterworth(lowpass);
    op.push(points, PERIOD);
    expect(points.map((p) => p.value)).toEqual(Array.from(ref));
    expect(points[50]!.raw).toBe(x[50]);
    expect(points.every((p) => p.flags.includes('filtered'))).toBe(true);
    // The 30 Hz component is gone: the output matches the same filter run on the signal without it.
    const slow = x.map((v, i) => v - 0.5 * Math.sin((2 * Math.PI * 30 * i) / 100));
    const slowRef = sosfilt(
      sos,
      slow,
      sosfiltZi(sos).map((z) => z * slow[0]!),
    ).y;
    const residual = points.slice(100).map((p, i) => Math.abs(p.value - slowRef[i + 100]!));
    expect(Math.max(...residual)).toBeLessThan(0.01);
  });

  it('gives the same output in chunks, with its state through JSON, as whole', () => {
    const x = signal(400);
    const whole = pts(x);
    new StreamingButterworth(lowpass).push(whole, PERIOD);
    const out: Point[] = [];
    let state: ButterworthState | undefined;
    for (const chunk of chunks(pts(x), 6, 23)) {
      const op = new StreamingButterworth(lowpass, state && roundTrip(state));
      op.push(chunk, PERIOD);
      out.push(...chunk);
      state = op.snapshot();
    }
    expect(out).toEqual(whole);
  });

  it('restarts in steady state after a gap, and does nothing until the rate is known', () => {
    const points = pts([...Array(50).fill(1), ...Array(50).fill(10)]);
    points[50]!.flags.push('gap_before');
    const op = new StreamingButterworth(lowpass);
    op.push(points.slice(0, 10), null);
    expect(points[0]!.flags).toEqual([]);
    op.push(points, PERIOD);
    // A step after a gap does not ring: the filter restarts on the new level.
    expect(points.slice(50).every((p) => Math.abs(p.value - 10) < 1e-9)).toBe(true);
  });

  it('reports a cutoff the rate cannot carry and leaves values untouched', () => {
    const points = pts([1, 2, 3]);
    const op = new StreamingButterworth({ ...lowpass, cutoffHz: 80 });
    op.push(points, PERIOD);
    expect(op.error).toBe('FILTER_CUTOFF_INVALID');
    expect(points.map((p) => p.value)).toEqual([1, 2, 3]);
  });
});
