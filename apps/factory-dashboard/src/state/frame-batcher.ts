/**
 * Collects items and hands them over in one batch per animation frame, so a burst of WebSocket messages (50 assets
 * updating every second) costs one React render per frame instead of one per message. A timer backs the frame up:
 * browsers pause animation frames in hidden tabs, and the state must still move on (at the timer's pace).
 */
export interface FrameScheduler {
  requestFrame(run: () => void): void;
  setTimer(run: () => void, ms: number): void;
}

export const BROWSER_SCHEDULER: FrameScheduler = {
  requestFrame: (run) => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => run());
  },
  setTimer: (run, ms) => {
    setTimeout(run, ms);
  },
};

/** At most this long between a message and its render when no frame comes (hidden tab). */
export const FLUSH_FALLBACK_MS = 250;

export class FrameBatcher<T> {
  private pending: T[] = [];
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly flush: (batch: readonly T[]) => void,
    private readonly scheduler: FrameScheduler = BROWSER_SCHEDULER,
  ) {}

  push(item: T): void {
    if (this.closed) return;
    this.pending.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    let done = false;
    const run = (): void => {
      if (done) return;
      done = true;
      this.deliver();
    };
    this.scheduler.requestFrame(run);
    this.scheduler.setTimer(run, FLUSH_FALLBACK_MS);
  }

  /** Drops what is pending and ignores later pushes (the component unmounted). */
  close(): void {
    this.closed = true;
    this.pending = [];
  }

  private deliver(): void {
    this.scheduled = false;
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flush(batch);
  }
}
