import { describe, expect, it } from 'vitest';
import { median } from '@vigie/signal';
import { BaselineDetrend, type DetrendState } from '../src/domain/operators/baseline-detrend';
import { RobustNormalizer, type NormalizeState } from '../src/domain/operators/robust-normalizer';
import type { Point } from '../src/domain/point';
import { chunks, rng, roundTrip } from './stream-fixtures';

const pts = (values: readonly number[]): Point[] =>
  values.map((value, i) => ({ ts: i * 1000, value, quality: 'good', flags: [], measured: true }));

describe('BaselineDetrend (exponentially tracked baseline)', () => {
  it('removes a slow trend and keeps fast variation, with readings in raw', () => {
    const x = Array.from({ length: 2000 }, (_, i) => 5 + i * 0.01 + Math.sin(i / 2));
    const points = pts(x);
    new BaselineDetrend({ windowSamples: 50 }).push(points);
    const tail = points.slice(1000).map((p) => p.value);
    // A ramp leaves a constant lag of slope·(1−α)/α ≈ 0.245 under an EMA of span 50; the 5 + 0.01·i trend is gone.
    const mean = tail.reduce((a, b) => a + b, 0) / tail.length;
    expect(Math.abs(mean - 0.245)).toBeLessThan(0.05);
    expect(Math.max(...tail) - Math.min(...tail)).toBeGreaterThan(1.5);
    expect(points[10]!.raw).toBe(x[10]);
    expect(points[10]!.flags).toEqual(['detrended']);
  });

  it('gives the same output in chunks, with its state through JSON, as whole', () => {
    const x = Array.from({ length: 300 }, (_, i) => Math.cos(i / 7) + i / 50);
    const whole = pts(x);
    new BaselineDetrend({ windowSamples: 30 }).push(whole);
    const out: Point[] = [];
    let state: DetrendState | undefined;
    for (const chunk of chunks(pts(x), 1)) {
      const op = new BaselineDetrend({ windowSamples: 30 }, state && roundTrip(state));
      op.push(chunk);
      out.push(...chunk);
      state = op.snapshot();
    }
    expect(out).toEqual(whole);
  });
});

describe('RobustNormalizer (persisted median and MAD)', () => {
  const o = { windowSamples: 64, updateEvery: 16, minSamples: 16 };

  it('adds (x − median) / (1.4826·MAD) from the statistics in force, never replacing value', () => {
    const r = rng(2);
    const x = Array.from({ length: 100 }, () => 10 + (r() - 0.5) * 2);
    const points = pts(x);
    const op = new RobustNormalizer(o);
    op.push(points);
    expect(points.slice(0, 16).every((p) => p.normalized === undefined)).toBe(true);
    // Sample 40 is scored with the statistics computed after sample 31 (the second update) on samples 0…31.
    const win = x.slice(0, 32);
    const med = median(win);
    const mad = median(win.map((v) => Math.abs(v - med)));
    expect(points[40]!.normalized).toBeCloseTo((x[40]! - med) / (1.4826 * mad), 12);
    expect(points.map((p) => p.value)).toEqual(x);
    expect(op.stats.median).not.toBeNull();
  });

  it('leaves imputed values out of the statistics and gives no score while the MAD is 0', () => {
    const points = pts(Array(40).fill(3));
    const op = new RobustNormalizer(o);
    op.push(points);
    expect(points.every((p) => p.normalized === undefined)).toBe(true);
    const imputed = pts([100, 100, 100]).map((p) => ({ ...p, flags: ['imputed' as const] }));
    op.push(imputed);
    expect(op.snapshot().window).not.toContain(100);
  });

  it('gives the same scores in chunks, with its state through JSON, as whole', () => {
    const r = rng(8);
    const x = Array.from({ length: 500 }, (_, i) => Math.sin(i / 20) + r());
    const whole = pts(x);
    new RobustNormalizer(o).push(whole);
    const out: Point[] = [];
    let state: NormalizeState | undefined;
    for (const chunk of chunks(pts(x), 12)) {
      const op = new RobustNormalizer(o, state && roundTrip(state));
      op.push(chunk);
      out.push(...chunk);
      state = op.snapshot();
    }
    expect(out).toEqual(whole);
  });
});
