/** The timer functions a throttle uses; tests pass fake ones. */
export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Throttle {
  /** Asks for a run: at once when the last one is `intervalMs` old, otherwise once at the end of the interval. */
  request(): void;
  /** Drops a pending run (on unmount). */
  cancel(): void;
}

/**
 * Runs `run` at most once per `intervalMs`, leading and trailing: the first request of a quiet period runs at once, any
 * requests during the interval collapse into one run when it ends. Live sensor points mutate ring buffers as they come
 * and only ask for a re-render through this, so a chart redraws at most 1000 / intervalMs times a second whatever the
 * message rate.
 */
export function createThrottle(intervalMs: number, run: () => void, clock: ThrottleClock = realClock): Throttle {
  let last = -Infinity;
  let pending: unknown = null;
  const fire = (): void => {
    pending = null;
    last = clock.now();
    run();
  };
  return {
    request() {
      if (pending !== null) return;
      const wait = last + intervalMs - clock.now();
      if (wait <= 0) fire();
      else pending = clock.setTimeout(fire, wait);
    },
    cancel() {
      if (pending !== null) clock.clearTimeout(pending);
      pending = null;
    },
  };
}
