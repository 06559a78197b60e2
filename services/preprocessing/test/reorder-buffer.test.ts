import { describe, expect, it } from 'vitest';
import type { InputPoint } from '../src/domain/point';
import { ReorderBuffer, type HeldPoint, type ReorderState } from '../src/domain/operators/reorder-buffer';
import { chunks, faultyStream, roundTrip } from './stream-fixtures';

const p = (ts: number, value: number | null = ts): InputPoint => ({ ts, value, quality: 'good' });

function run(latenessMs: number, input: InputPoint[], flush = false) {
  const op = new ReorderBuffer(latenessMs);
  const out: HeldPoint[] = [];
  op.push(input, out);
  if (flush) op.flush(out);
  return { op, out };
}

describe('ReorderBuffer (dedupe, bounded lateness)', () => {
  it('holds samples until the watermark (newest − lateness) passes them, then releases them in time order', () => {
    const { op, out } = run(2000, [p(1000), p(2000), p(3000), p(4000)]);
    expect(out.map((s) => s.ts)).toEqual([1000, 2000]);
    expect(op.held).toBe(2);
  });

  it('puts a sample that arrived after a later one back in order and flags it reordered', () => {
    const { op, out } = run(2000, [p(1000), p(3000), p(2000), p(6000)], true);
    expect(out.map((s) => [s.ts, s.reordered])).toEqual([
      [1000, false],
      [2000, true],
      [3000, false],
      [6000, false],
    ]);
    expect(op.reordered).toBe(1);
  });

  it('counts a repeated timestamp (held or released) as a duplicate and does not emit it twice', () => {
    const { op, out } = run(1000, [p(1000), p(1000, 9), p(5000), p(1000, 7), p(5000)], true);
    expect(out.map((s) => [s.ts, s.value])).toEqual([
      [1000, 1000],
      [5000, 5000],
    ]);
    expect(op.duplicates).toBe(3);
    expect(op.late).toBe(0);
  });

  it('counts a sample older than the last released one as late and drops it', () => {
    const { op, out } = run(1000, [p(1000), p(2000), p(5000), p(1500)], true);
    expect(out.map((s) => s.ts)).toEqual([1000, 2000, 5000]);
    expect(op.late).toBe(1);
  });

  it('with zero lateness releases at once (nothing is reordered, older samples are late)', () => {
    const { op, out } = run(0, [p(1000), p(3000), p(2000)]);
    expect(out.map((s) => s.ts)).toEqual([1000, 3000]);
    expect([op.held, op.late]).toEqual([0, 1]);
  });

  it('gives the same output in chunks, with its state through JSON between them, as whole', () => {
    const input = faultyStream();
    const whole = run(2500, input, true);
    const out: HeldPoint[] = [];
    let state: ReorderState | undefined;
    const counts = { duplicates: 0, late: 0, reordered: 0 };
    for (const chunk of chunks(input, 3)) {
      const op = new ReorderBuffer(2500, state && roundTrip(state));
      op.push(chunk, out);
      counts.duplicates += op.duplicates;
      counts.late += op.late;
      counts.reordered += op.reordered;
      state = op.snapshot();
    }
    new ReorderBuffer(2500, state).flush(out);
    expect(out).toEqual(whole.out);
    expect(counts).toEqual({ duplicates: whole.op.duplicates, late: whole.op.late, reordered: whole.op.reordered });
    expect(whole.op.duplicates).toBeGreaterThan(5);
    expect(whole.op.late).toBeGreaterThan(3);
    expect(whole.op.reordered).toBeGreaterThan(5);
    // In time order, each timestamp once.
    expect(whole.out.every((s, i) => i === 0 || s.ts > whole.out[i - 1]!.ts)).toBe(true);
  });
});
