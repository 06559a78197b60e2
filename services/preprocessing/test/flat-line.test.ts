import { describe, expect, it } from 'vitest';
import { FlatLine, type FlatLineState } from '../src/domain/operators/flat-line';
import type { Point } from '../src/domain/point';
import { chunks, rng, roundTrip } from './stream-fixtures';

const pts = (values: readonly number[], from = 0): Point[] =>
  values.map((value, i) => ({ ts: (from + i) * 1000, value, quality: 'good', flags: [], measured: true }));
const flagged = (out: Point[]) => out.map((p) => (p.flags.includes('flat_line') ? 1 : 0));

function run(values: number[], samples = 4, epsilon = 0) {
  const op = new FlatLine({ samples, epsilon });
  const out: Point[] = [];
  op.push(pts(values), out);
  op.flush(out);
  return { op, out };
}

describe('FlatLine (stuck sensor)', () => {
  it('flags every sample of a run of at least `samples` identical readings, values kept', () => {
    const { op, out } = run([1, 2, 5, 5, 5, 5, 5, 3]);
    expect(flagged(out)).toEqual([0, 0, 1, 1, 1, 1, 1, 0]);
    expect(out.map((p) => p.value)).toEqual([1, 2, 5, 5, 5, 5, 5, 3]);
    expect(op.flagged).toBe(5);
  });

  it('does not flag a shorter run', () => {
    expect(flagged(run([1, 5, 5, 5, 2]).out)).toEqual([0, 0, 0, 0, 0]);
  });

  it('accepts a spread up to epsilon, and starts a new run from the longest tail that still fits', () => {
    // 1 → 1.1 is a hair over 0.1 in binary: the run 1, 1.05 breaks at 1.1, and 1.05, 1.1 again at 1.2; 1.1 … 1.18 fits.
    expect(flagged(run([1, 1.05, 1.1, 1.2, 1.15, 1.2, 1.18, 9], 4, 0.1).out)).toEqual([0, 0, 1, 1, 1, 1, 1, 0]);
  });

  it('holds points only while a run may be forming, and releases the held ones when it breaks', () => {
    const op = new FlatLine({ samples: 4, epsilon: 0 });
    const out: Point[] = [];
    op.push(pts([1, 2, 3]), out);
    expect(out.map((p) => p.value)).toEqual([1, 2]);
    op.push(pts([3, 3], 3), out);
    expect(out).toHaveLength(2);
    op.push(pts([4], 5), out);
    expect(out.map((p) => p.value)).toEqual([1, 2, 3, 3, 3]);
    expect(op.heldCount).toBe(1);
  });

  it('ends a run at an imputed point (holding the last good value is not a stuck sensor)', () => {
    const points = pts([5, 5, 5, 5, 5]);
    points[2]!.flags.push('imputed');
    const op = new FlatLine({ samples: 3, epsilon: 0 });
    const out: Point[] = [];
    op.push(points, out);
    op.flush(out);
    expect(flagged(out)).toEqual([0, 0, 0, 0, 0]);
    expect(out.map((p) => p.ts)).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('remembers a run across a flush, so a stuck sensor that keeps going quiet is still caught', () => {
    const op = new FlatLine({ samples: 4, epsilon: 0 });
    const out: Point[] = [];
    op.push(pts([7, 7]), out);
    op.flush(out);
    op.push(pts([7, 7, 7], 2), out);
    expect(flagged(out)).toEqual([0, 0, 1, 1, 1]);
  });

  it('gives the same output in chunks, with its state through JSON, as whole', () => {
    const r = rng(5);
    const values = Array.from({ length: 600 }, (_, i) => (i % 150 < 40 ? 2.5 : Math.round(r() * 4) / 2));
    const whole = run(values, 6, 0.5).out;
    const out: Point[] = [];
    let state: FlatLineState | undefined;
    for (const chunk of chunks(pts(values), 8)) {
      const op = new FlatLine({ samples: 6, epsilon: 0.5 }, state && roundTrip(state));
      op.push(chunk, out);
      state = op.snapshot();
    }
    new FlatLine({ samples: 6, epsilon: 0.5 }, state).flush(out);
    expect(out).toEqual(whole);
    expect(flagged(whole).filter(Boolean).length).toBeGreaterThan(100);
  });
});
