import { describe, expect, it } from 'vitest';
import { createThrottle, type ThrottleClock } from '../../src/pages/asset/throttle';

/** A clock whose time and timers the test moves by hand. */
function fakeClock(): ThrottleClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== handle);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = until;
    },
    pending: () => timers.length,
  };
}

describe('createThrottle', () => {
  it('runs the first request at once and collapses the requests of the interval into one trailing run', () => {
    const clock = fakeClock();
    let runs = 0;
    const throttle = createThrottle(500, () => runs++, clock);
    throttle.request();
    expect(runs).toBe(1);
    for (let i = 0; i < 20; i++) {
      clock.advance(10);
      throttle.request();
    }
    expect(runs).toBe(1);
    clock.advance(500);
    expect(runs).toBe(2);
    expect(clock.pending()).toBe(0);
  });

  it('runs at most twice a second under a 50 messages/s stream for 10 s', () => {
    const clock = fakeClock();
    const at: number[] = [];
    const throttle = createThrottle(500, () => at.push(clock.now()), clock);
    for (let i = 0; i < 500; i++) {
      throttle.request();
      clock.advance(20);
    }
    clock.advance(1000);
    expect(at.length).toBeLessThanOrEqual(21);
    expect(at.length).toBeGreaterThanOrEqual(19);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(500);
  });

  it('runs again at once after a quiet interval, and cancel drops a pending run', () => {
    const clock = fakeClock();
    let runs = 0;
    const throttle = createThrottle(500, () => runs++, clock);
    throttle.request();
    clock.advance(2000);
    throttle.request();
    expect(runs).toBe(2);
    throttle.request();
    throttle.cancel();
    clock.advance(1000);
    expect(runs).toBe(2);
  });
});
