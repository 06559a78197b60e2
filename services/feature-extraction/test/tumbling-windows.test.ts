import { describe, expect, it } from 'vitest';
import { TumblingWindows } from '../src/domain/tumbling-windows';

const s = (ts: number, value: number, sensorId = 'A.v') => ({ assetId: 'A', sensorId, unit: 'mm/s', ts, value });
const pos = (offset: number, partition = 0) => ({ partition, offset: String(offset) });

describe('TumblingWindows', () => {
  it('closes aligned windows when a later sample arrives and computes their features', () => {
    const w = new TumblingWindows(1000, 2);
    expect(w.add(s(100, 1), pos(0))).toBeNull();
    expect(w.add(s(600, 3), pos(1))).toBeNull();
    const closed = w.add(s(1200, 5), pos(2));
    expect(closed).toMatchObject({ windowStart: 0, windowEnd: 1000, sampleCount: 2, firstSampleTs: 100, lastSampleTs: 600 });
    expect(closed!.features.mean).toBe(2);
    expect(closed!.features.max).toBe(3);
  });

  it('drops windows with too few samples (a gap) instead of emitting thin statistics', () => {
    const w = new TumblingWindows(1000, 3);
    w.add(s(100, 1), pos(0));
    expect(w.add(s(1100, 1), pos(1))).toBeNull();
  });

  it('holds the commit at the message that opened the earliest open window of the partition', () => {
    const w = new TumblingWindows(1000, 1);
    w.add(s(100, 1, 'A.v'), pos(5));
    w.add(s(150, 1, 'A.t'), pos(7));
    expect(w.holdBack(0)).toBe('5');
    w.add(s(1100, 1, 'A.v'), pos(9)); // closes A.v's window, opens a new one at offset 9
    expect(w.holdBack(0)).toBe('7');
    expect(w.holdBack(1)).toBeUndefined();
  });

  it('ignores samples of windows already emitted before a restart', () => {
    const w = new TumblingWindows(1000, 1);
    w.restore(new Map([['A.v', 2000]]));
    expect(w.add(s(1500, 1), pos(0))).toBeNull();
    expect(w.holdBack(0)).toBeUndefined();
    w.add(s(2100, 1), pos(1));
    expect(w.add(s(3100, 1), pos(2))).toMatchObject({ windowStart: 2000 });
  });
});
