import { describe, expect, it } from 'vitest';
import { fastLog } from '../src/fast-log';
import { numberPeaksInto } from '../src/tsfresh-fused';
import { numberPeaks } from '../src';
import { gaussian } from './support/windows';

// The extractor's fast paths (fast-log.ts, tsfresh-fused.ts) against the plain definitions they replace.
describe('fastLog', () => {
  it('stays within 2^-52·(|ln x| + 1) of Math.log over the whole range', () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200_000; i++) {
      const x = Math.exp((next() - 0.5) * 1400) * (1 + next());
      const ref = Math.log(x);
      expect(Math.abs(fastLog(x) - ref)).toBeLessThanOrEqual(2 ** -52 * (Math.abs(ref) + 1));
    }
    for (const x of [1, 2, 0.5, Number.MIN_VALUE, 0, -1, Infinity, NaN, 1 - 2 ** -53, 1 + 2 ** -52]) {
      expect(Object.is(fastLog(x), Math.log(x)) || Math.abs(fastLog(x) - Math.log(x)) <= 2 ** -52 * (Math.abs(Math.log(x)) + 1)).toBe(true);
    }
  });
});

describe('numberPeaksInto', () => {
  it('counts like numberPeaks for every support, in any order, and rejects supports below 1', () => {
    const x = gaussian(1000, 3, 0.2, 0.1);
    const supports = [10, 1, 5, 3];
    const out = new Float64Array(supports.length);
    numberPeaksInto(x, supports, out);
    expect(Array.from(out)).toEqual(supports.map((s) => numberPeaks(x, s)));
    expect(() => numberPeaksInto(x, [0], out)).toThrow(RangeError);
    expect(() => numberPeaksInto(x, [1.5], out)).toThrow(RangeError);
  });
});
