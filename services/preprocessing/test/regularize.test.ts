import { describe, expect, it } from 'vitest';
import { Regularize, type RegularizeOptions, type RegularizeState } from '../src/domain/operators/regularize';
import type { Point } from '../src/domain/point';
import { chunks, rng, roundTrip } from './stream-fixtures';

const T0 = 1_700_000_000_000;
const pt = (ts: number, value: number): Point => ({ ts, value, quality: 'good', flags: [], measured: true });
const base: RegularizeOptions = { resample: true, periodMs: null, gapFactor: 1.5, maxImputeSamples: 3 };

function run(points: Point[], o: Partial<RegularizeOptions> = {}) {
  const op = new Regularize({ ...base, ...o });
  const out: Point[] = [];
  op.push(points, out);
  return { op, out };
}

const line = (ts: number) => (ts - T0) / 1000; // value = seconds since T0: interpolation is exact

describe('Regularize (nominal period, gaps, resampling)', () => {
  it('learns the period as the median interval and passes points unchanged until it knows it', () => {
    const points = Array.from({ length: 12 }, (_, i) => pt(T0 + i * 1000 + (i % 3) * 7, i));
    const { op, out } = run(points, { resample: false });
    expect(Math.abs(op.periodMs! - 1000)).toBeLessThanOrEqual(7);
    expect(out.map((p) => p.ts)).toEqual(points.map((p) => p.ts));
  });

  it('keeps readings that fall on the grid as they are', () => {
    const points = Array.from({ length: 30 }, (_, i) => pt(T0 + i * 1000, i));
    const { op, out } = run(points);
    expect(out).toEqual(points);
    expect(op.resampled).toBe(0);
  });

  it('keeps on-time readings with an arbitrary phase as read (the grid takes the sensor phase)', () => {
    const points = Array.from({ length: 40 }, (_, i) => pt(T0 + 337 + i * 1000, i));
    const { op, out } = run(points);
    expect(op.periodMs).toBe(1000);
    expect(op.resampled).toBe(0);
    expect(out.map((p) => p.ts)).toEqual(points.map((p) => p.ts));
    expect(out.every((p) => p.measured && !p.flags.includes('resampled'))).toBe(true);
  });

  it('interpolates jittered readings onto the period grid and flags them resampled', () => {
    const r = rng(1);
    const points = Array.from({ length: 40 }, (_, i) => {
      const ts = T0 + i * 1000 + 200 + Math.round(r() * 100);
      return pt(ts, line(ts));
    });
    const { op, out } = run(points);
    const grid = out.filter((p) => p.flags.includes('resampled'));
    expect(grid.length).toBeGreaterThan(25);
    const phase = op.snapshot().phaseMs ?? 0;
    for (const p of grid) {
      expect((p.ts - phase) % op.periodMs!).toBe(0);
      expect(p.value).toBeCloseTo(line(p.ts), 9);
      expect(p.measured).toBe(false);
    }
    expect(out.every((p, i) => i === 0 || p.ts > out[i - 1]!.ts)).toBe(true);
  });

  it('fills a short gap (imputed) and leaves a long one unfilled with gap_before on the next point', () => {
    const ts = [...Array.from({ length: 12 }, (_, i) => i), 15, 16, 17, 40, 41].map((i) => T0 + i * 1000);
    const { op, out } = run(ts.map((t) => pt(t, line(t))));
    const filled = out.filter((p) => p.flags.includes('imputed'));
    expect(filled.map((p) => line(p.ts))).toEqual([12, 13, 14]);
    expect(filled.map((p) => p.value)).toEqual([12, 13, 14]);
    expect(out.find((p) => line(p.ts) === 40)!.flags).toEqual(['gap_before']);
    expect(out.some((p) => line(p.ts) > 17 && line(p.ts) < 40)).toBe(false);
    expect([op.filled, op.gaps]).toEqual([3, 1]);
  });

  it('without resampling fills a short gap with evenly spaced points', () => {
    const ts = [...Array.from({ length: 12 }, (_, i) => i * 1000 + 3), 14_003, 15_003].map((t) => T0 + t);
    const { out } = run(
      ts.map((t) => pt(t, 1)),
      { resample: false },
    );
    expect(out.filter((p) => p.flags.includes('imputed')).map((p) => p.ts - T0)).toEqual([12_003, 13_003]);
  });

  it('uses a fixed period from the first point when one is configured', () => {
    const { out } = run([pt(T0 + 500, 0), pt(T0 + 1500, 1), pt(T0 + 2500, 2)], { periodMs: 1000 });
    expect(out.map((p) => [p.ts - T0, p.value])).toEqual([
      [1000, 0.5],
      [2000, 1.5],
    ]);
  });

  it('gives the same output in chunks, with its state through JSON, as whole', () => {
    const r = rng(9);
    const points: Point[] = [];
    for (let i = 0; i < 500; i++) {
      if ((i >= 100 && i < 102) || (i >= 300 && i < 330)) continue;
      const t = T0 + i * 500 + Math.round(r() * 60);
      points.push(pt(t, Math.sin(i / 10)));
    }
    const whole = run(points.map((p) => ({ ...p, flags: [] })));
    const out: Point[] = [];
    let state: RegularizeState | undefined;
    for (const chunk of chunks(points, 4)) {
      const op = new Regularize(base, state && roundTrip(state));
      op.push(chunk, out);
      state = op.snapshot();
    }
    expect(out).toEqual(whole.out);
    expect(Math.abs(whole.op.periodMs! - 500)).toBeLessThan(10);
    expect(whole.op.gaps).toBe(1);
    expect(whole.op.filled).toBeGreaterThan(0);
  });
});
