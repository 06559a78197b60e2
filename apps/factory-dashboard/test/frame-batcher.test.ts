import { describe, expect, it } from 'vitest';
import { FLUSH_FALLBACK_MS, FrameBatcher, type FrameScheduler } from '../src/state/frame-batcher';

/** A scheduler the test drives by hand: frames and timers run only when told. */
function manualScheduler() {
  const frames: (() => void)[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const scheduler: FrameScheduler = { requestFrame: (run) => frames.push(run), setTimer: (run, ms) => timers.push({ run, ms }) };
  return { scheduler, frames, timers };
}

describe('FrameBatcher', () => {
  it('hands over everything pushed before a frame as one batch, in order', () => {
    const { scheduler, frames } = manualScheduler();
    const batches: number[][] = [];
    const b = new FrameBatcher<number>((batch) => batches.push([...batch]), scheduler);
    for (let i = 0; i < 50; i++) b.push(i);
    expect(frames).toHaveLength(1); // one frame requested for the whole burst
    expect(batches).toEqual([]);
    frames[0]!();
    expect(batches).toEqual([Array.from({ length: 50 }, (_, i) => i)]);
    b.push(50);
    frames[1]!();
    expect(batches).toEqual([Array.from({ length: 50 }, (_, i) => i), [50]]);
  });

  it('flushes from the fallback timer when no frame comes (hidden tab), and only once', () => {
    const { scheduler, frames, timers } = manualScheduler();
    const batches: string[][] = [];
    const b = new FrameBatcher<string>((batch) => batches.push([...batch]), scheduler);
    b.push('a');
    expect(timers[0]!.ms).toBe(FLUSH_FALLBACK_MS);
    timers[0]!.run();
    frames[0]!(); // the late frame finds nothing more to do
    expect(batches).toEqual([['a']]);
  });

  it('drops what is pending after close', () => {
    const { scheduler, frames } = manualScheduler();
    const batches: string[][] = [];
    const b = new FrameBatcher<string>((batch) => batches.push([...batch]), scheduler);
    b.push('a');
    b.close();
    b.push('b');
    frames.forEach((f) => f());
    expect(batches).toEqual([]);
  });
});
