import { describe, expect, it } from 'vitest';
import { WindowAssembler, type ClosedWindow, type Position, type WindowCursor } from '../src/domain/window-assembler';
import { windowEventId, windowFeatures } from '../src/domain/window-features';

const meta = (sensorId = 'A.v') => ({ assetId: 'A', sensorId, unit: 'mm/s' });
const pos = (offset: number, partition = 0): Position => ({ partition, offset: String(offset) });
const tumbling = (lengthMs: number, minSamples = 1) => ({ lengthMs, hopMs: lengthMs, minSamples });
const sliding = (lengthMs: number, hopMs: number, minSamples = 1) => ({ lengthMs, hopMs, minSamples });
const one = (ts: number, value = 1, clean = true) => [{ ts, value, clean }];
const series = (from: number, to: number, step = 100) => {
  const out = [];
  for (let ts = from; ts < to; ts += step) out.push({ ts, value: Math.sin(ts / 700) + (ts % 300) / 100, clean: ts % 1100 !== 0 });
  return out;
};
const summary = (ws: ClosedWindow[]) => ws.map((w) => [w.sensorId, w.start, w.end, w.values.length, w.ts[0], w.ts.at(-1)]);

describe('WindowAssembler, tumbling (hop = length)', () => {
  it('closes aligned windows when a later sample arrives and computes their features', () => {
    const w = new WindowAssembler();
    expect(w.add(meta(), tumbling(1000, 2), one(100, 1), pos(0))).toEqual([]);
    expect(w.add(meta(), tumbling(1000, 2), one(600, 3), pos(1))).toEqual([]);
    const [closed] = w.add(meta(), tumbling(1000, 2), one(1200, 5), pos(2));
    const payload = windowFeatures(closed!, { families: ['time'] });
    expect(payload).toMatchObject({ windowStart: 0, windowEnd: 1000, sampleCount: 2, firstSampleTs: 100, lastSampleTs: 600 });
    expect(payload.features.mean).toBe(2);
    expect(payload.features.max).toBe(3);
    expect(windowEventId({ ...closed!, sensorId: 'A.v' })).toBe('fx:A.v:0');
  });

  it('drops windows with too few samples (a gap) instead of emitting thin statistics', () => {
    const w = new WindowAssembler();
    w.add(meta(), tumbling(1000, 3), one(100), pos(0));
    expect(w.add(meta(), tumbling(1000, 3), one(1100), pos(1))).toEqual([]);
  });

  it('holds the commit at the message that opened the earliest open window of the partition', () => {
    const w = new WindowAssembler();
    w.add(meta('A.v'), tumbling(1000), one(100), pos(5));
    w.add(meta('A.t'), tumbling(1000), one(150), pos(7));
    expect(w.holdBack(0)).toBe('5');
    w.add(meta('A.v'), tumbling(1000), one(1100), pos(9)); // closes A.v's window, opens a new one at offset 9
    expect(w.holdBack(0)).toBe('7');
    expect(w.holdBack(1)).toBeUndefined();
  });

  it('ignores samples of windows already emitted before a restart', () => {
    const w = new WindowAssembler();
    w.restore(new Map([['A.v', { start: 1000, end: 2000 }]]), []);
    expect(w.add(meta(), tumbling(1000), one(1500), pos(0))).toEqual([]);
    expect(w.holdBack(0)).toBeUndefined();
    w.add(meta(), tumbling(1000), one(2100), pos(1));
    expect(w.add(meta(), tumbling(1000), one(3100), pos(2))).toMatchObject([{ start: 2000 }]);
  });

  it('drops a redelivered or older sample instead of counting it twice', () => {
    const w = new WindowAssembler();
    w.add(meta(), tumbling(1000), [...one(100), ...one(200)], pos(0));
    w.add(meta(), tumbling(1000), one(200), pos(1));
    expect(w.add(meta(), tumbling(1000), one(1000), pos(2))[0]!.values.length).toBe(2);
  });
});

describe('WindowAssembler, sliding', () => {
  const policy = sliding(1000, 250, 2);
  const feed = (w: WindowAssembler, samples: ReturnType<typeof series>, chunk: number, firstOffset = 0) => {
    const out: ClosedWindow[] = [];
    for (let i = 0, o = firstOffset; i < samples.length; i += chunk, o++)
      out.push(...w.add(meta(), policy, samples.slice(i, i + chunk), pos(o)));
    return out;
  };

  it('cuts windows [k·hop, k·hop + length) with every sample inside them, never before 0', () => {
    const ws = feed(new WindowAssembler(), series(0, 2100), 7);
    expect(ws.map((w) => [w.start, w.end])).toEqual([
      [0, 1000],
      [250, 1250],
      [500, 1500],
      [750, 1750],
      [1000, 2000],
    ]);
    for (const w of ws) {
      expect(w.values.length).toBe(10);
      expect([...w.ts].every((t) => t >= w.start && t < w.end)).toBe(true);
    }
    expect(windowEventId({ ...ws[1]!, sensorId: 'A.v' })).toBe('fx:A.v:250:1000/250');
  });

  it('gives the same windows however the samples are chunked into messages', () => {
    const samples = series(0, 9000);
    const whole = feed(new WindowAssembler(), samples, samples.length);
    for (const chunk of [1, 3, 13, 40]) {
      const chunked = feed(new WindowAssembler(), samples, chunk);
      expect(summary(chunked)).toEqual(summary(whole));
      expect(chunked.map((w) => [...w.values])).toEqual(whole.map((w) => [...w.values]));
    }
  });

  it('skips the empty windows of a gap and emits the partly filled ones around it', () => {
    const ws = feed(new WindowAssembler(), [...series(0, 1000), ...series(5000, 6200)], 5);
    expect(ws.map((w) => w.start)).toEqual([0, 250, 500, 750, 4250, 4500, 4750, 5000]);
    expect(ws.find((w) => w.start === 4250)!.values.length).toBe(3);
  });

  it('holds the commit at the first message an undecided window needs: the oldest sample after the last decided start', () => {
    const w = new WindowAssembler();
    // One sample per message, offsets = ts / 100.
    feed(w, series(0, 1000), 1);
    expect(w.holdBack(0)).toBe('0');
    w.add(meta(), policy, one(1000), pos(10)); // decides [0, 1000): [250, 1250) still needs the sample at 300
    expect(w.holdBack(0)).toBe('3');
    w.add(meta(), policy, one(1300), pos(13)); // decides [250, 1250): [500, 1500) needs 500
    expect(w.holdBack(0)).toBe('5');
  });

  it('replays from the held-back offset after a crash and emits exactly the windows not yet stored, whole', () => {
    const samples = series(0, 6000);
    const reference = feed(new WindowAssembler(), samples, 1);
    for (const crashAt of [11, 17, 26, 42]) {
      const before = new WindowAssembler();
      const emitted = feed(before, samples.slice(0, crashAt), 1);
      const committed = Number(before.holdBack(0) ?? crashAt);
      const cursors: WindowCursor[] = before.takeCursors();
      const last = emitted.at(-1);
      const after = new WindowAssembler();
      after.restore(last ? new Map([['A.v', { start: last.start, end: last.end }]]) : new Map(), cursors);
      const replayed = feed(after, samples.slice(committed), 1, committed);
      expect(summary([...emitted, ...replayed])).toEqual(summary(reference));
    }
  });
});

describe('WindowAssembler, a sensor whose profile changes its geometry', () => {
  it('starts the new windows after the last emitted one and before no held sample, and records the change', () => {
    const w = new WindowAssembler();
    const samples = series(0, 4000);
    const first: ClosedWindow[] = [];
    for (let i = 0; i < 25; i++) first.push(...w.add(meta(), tumbling(1000), [samples[i]!], pos(i)));
    expect(first.map((x) => x.start)).toEqual([0, 1000]);
    expect(w.takeCursors()).toEqual([{ sensorId: 'A.v', lengthMs: 1000, hopMs: 1000, floor: 0 }]);
    const later: ClosedWindow[] = [];
    for (let i = 25; i < samples.length; i++) later.push(...w.add(meta(), sliding(1000, 500), [samples[i]!], pos(i)));
    expect(w.takeCursors()).toEqual([{ sensorId: 'A.v', lengthMs: 1000, hopMs: 500, floor: 2000 }]);
    expect(later.map((x) => [x.start, x.values.length])).toEqual([
      [2000, 10],
      [2500, 10],
    ]);
  });

  it('after a restart, resumes with the recorded geometry and switches only from the first replayed sample on', () => {
    const w = new WindowAssembler();
    w.restore(new Map([['A.v', { start: 1000, end: 2000 }]]), [{ sensorId: 'A.v', lengthMs: 1000, hopMs: 1000, floor: 0 }]);
    // The replay starts at 2300 (the commit passed [2000, 2300) before the crash, say): no window may start before it.
    const out: ClosedWindow[] = [];
    series(2300, 5000).forEach((s, i) => out.push(...w.add(meta(), sliding(1000, 500), [s], pos(i))));
    expect(out.map((x) => [x.start, x.values.length])).toEqual([
      [2500, 10],
      [3000, 10],
      [3500, 10],
    ]);
    expect(w.takeCursors()).toEqual([{ sensorId: 'A.v', lengthMs: 1000, hopMs: 500, floor: 2500 }]);
  });
});
