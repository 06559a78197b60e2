import { describe, expect, it } from 'vitest';
import { SampleRing } from '../../src/pages/asset/ring-buffer';

describe('SampleRing', () => {
  it('keeps the last `capacity` readings in time order, overwriting the oldest', () => {
    const ring = new SampleRing(3);
    for (const t of [1, 2, 3, 4, 5]) ring.push(t, t * 10);
    expect(ring.size).toBe(3);
    expect(ring.toPoints()).toEqual([
      { t: 3, v: 30 },
      { t: 4, v: 40 },
      { t: 5, v: 50 },
    ]);
    expect(ring.lastTs).toBe(5);
  });

  it('drops a reading not newer than the newest kept (history and live overlap, replays)', () => {
    const ring = new SampleRing(5);
    expect(ring.push(10, 1)).toBe(true);
    expect(ring.push(10, 2)).toBe(false);
    expect(ring.push(9, 3)).toBe(false);
    expect(ring.push(11, 4)).toBe(true);
    expect(ring.toPoints().map((p) => p.v)).toEqual([1, 4]);
  });

  it('keeps gaps (null or non-finite values) as null points', () => {
    const ring = new SampleRing(4);
    ring.push(1, 1);
    ring.push(2, null);
    ring.push(3, Number.NaN);
    ring.push(4, 2);
    expect(ring.toPoints()).toEqual([
      { t: 1, v: 1 },
      { t: 2, v: null },
      { t: 3, v: null },
      { t: 4, v: 2 },
    ]);
  });

  it('returns only the readings at or after `since`, also after wrapping', () => {
    const ring = new SampleRing(4);
    for (let t = 1; t <= 10; t++) ring.push(t, t);
    expect(ring.toPoints(9).map((p) => p.t)).toEqual([9, 10]);
    expect(ring.toPoints(0).map((p) => p.t)).toEqual([7, 8, 9, 10]);
    expect(ring.toPoints(11)).toEqual([]);
  });

  it('is empty after clear and refuses a capacity that is not a positive integer', () => {
    const ring = new SampleRing(2);
    ring.push(1, 1);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.lastTs).toBe(-Infinity);
    expect(ring.push(0, 5)).toBe(true);
    expect(() => new SampleRing(0)).toThrow(RangeError);
    expect(() => new SampleRing(2.5)).toThrow(RangeError);
  });

  it('stays bounded under a long stream (memory does not grow with the stream)', () => {
    const ring = new SampleRing(1000);
    for (let t = 0; t < 100_000; t++) ring.push(t, Math.sin(t));
    expect(ring.size).toBe(1000);
    const points = ring.toPoints();
    expect(points[0]!.t).toBe(99_000);
    expect(points.at(-1)!.t).toBe(99_999);
  });
});
