import { describe, expect, it } from 'vitest';
import { createRng } from '../src';

describe('createRng (xoshiro128**)', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number): number[] => {
      const r = createRng(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws uniform doubles in [0, 1) and integers in [0, n)', () => {
    const r = createRng(123);
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      sum += u;
      counts[r.int(10)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / N - 0.5)).toBeLessThan(0.005);
    for (const c of counts) expect(Math.abs(c / N - 0.1)).toBeLessThan(0.005);
  });

  it('draws uniform(lo, hi) within its bounds', () => {
    const r = createRng(5);
    for (let i = 0; i < 1000; i++) {
      const x = r.uniform(-3, 2);
      expect(x >= -3 && x < 2).toBe(true);
    }
  });
});
