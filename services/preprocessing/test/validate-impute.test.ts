import { describe, expect, it } from 'vitest';
import { ValidateImpute, type ValidateState } from '../src/domain/operators/validate-impute';
import type { HeldPoint } from '../src/domain/operators/reorder-buffer';
import type { Point } from '../src/domain/point';
import { chunks, faultyStream, roundTrip } from './stream-fixtures';

const range = { min: 0, max: 100 };
const h = (ts: number, value: number | null, quality: HeldPoint['quality'] = 'good'): HeldPoint => ({
  ts,
  value,
  quality,
  reordered: false,
});

function run(input: HeldPoint[], maxImputeSamples = 3, flush = true) {
  const op = new ValidateImpute({ range, maxImputeSamples });
  const out: Point[] = [];
  op.push(input, out);
  if (flush) op.flush(out);
  return { op, out };
}

describe('ValidateImpute (range checks, imputation policy)', () => {
  it('flags bad, valueless and out-of-range samples, keeps the reading in raw and interpolates between good neighbours', () => {
    const { op, out } = run([h(0, 10), h(1000, null, 'bad'), h(2000, 500), h(3000, 7, 'bad'), h(4000, 50)]);
    expect(out.map((p) => [p.ts, p.value, p.raw, p.flags])).toEqual([
      [0, 10, undefined, []],
      [1000, 20, null, ['bad_quality', 'imputed']],
      [2000, 30, 500, ['out_of_range', 'imputed']],
      [3000, 40, 7, ['bad_quality', 'imputed']],
      [4000, 50, undefined, []],
    ]);
    expect([op.badQuality, op.outOfRange, op.imputed, op.unimputable]).toEqual([2, 1, 3, 0]);
  });

  it('holds the last good value when the invalid run is longer than maxImputeSamples, without waiting', () => {
    const { out } = run([h(0, 10), h(1000, null, 'bad'), h(2000, null, 'bad'), h(3000, -5), h(4000, null, 'bad')], 2, false);
    expect(out.map((p) => [p.ts, p.value])).toEqual([
      [0, 10],
      [1000, 10],
      [2000, 10],
      [3000, 10],
      [4000, 10],
    ]);
    expect(out[3]!.flags).toEqual(['out_of_range', 'imputed']);
  });

  it('waits for the right neighbour of a short run (the delay is the run)', () => {
    const op = new ValidateImpute({ range, maxImputeSamples: 3 });
    const out: Point[] = [];
    op.push([h(0, 10), h(1000, null, 'bad')], out);
    expect(out).toHaveLength(1);
    op.push([h(2000, 12)], out);
    expect(out.map((p) => p.value)).toEqual([10, 11, 12]);
  });

  it('fills a run at the start of the stream with the first good value; with none, drops it as unimputable and marks the gap', () => {
    expect(run([h(0, null, 'bad'), h(1000, 4)]).out.map((p) => [p.value, p.flags])).toEqual([
      [4, ['bad_quality', 'imputed']],
      [4, []],
    ]);
    const { op, out } = run([h(0, null, 'bad'), h(1000, null, 'bad'), h(2000, null, 'bad'), h(3000, 4)], 1);
    expect(op.unimputable).toBe(3);
    expect(out.map((p) => [p.ts, p.flags])).toEqual([[3000, ['gap_before']]]);
  });

  it('keeps the value of an uncertain sample and flags it bad_quality', () => {
    expect(run([h(0, 3, 'uncertain')]).out.map((p) => [p.value, p.flags, p.raw])).toEqual([[3, ['bad_quality'], undefined]]);
  });

  it('flushes a pending run with the last good value', () => {
    expect(run([h(0, 10), h(1000, null, 'bad')]).out.map((p) => p.value)).toEqual([10, 10]);
  });

  it('gives the same output in chunks, with its state through JSON, as whole', () => {
    const input = faultyStream().map((p) => ({ ...p, reordered: false }));
    const whole = run(input, 3);
    const out: Point[] = [];
    let state: ValidateState | undefined;
    for (const chunk of chunks(input, 5)) {
      const op = new ValidateImpute({ range, maxImputeSamples: 3 }, state && roundTrip(state));
      op.push(chunk, out);
      state = op.snapshot();
    }
    new ValidateImpute({ range, maxImputeSamples: 3 }, state).flush(out);
    expect(out).toEqual(whole.out);
    expect(whole.op.imputed).toBeGreaterThan(10);
  });
});
