/** What to do with an alert after a check: raise it, clear it, or leave it as it is. */
export type AlertAction = 'raise' | 'clear' | null;

interface KeyState {
  bad: number;
  good: number;
  /** The last action handed out for this key; null until the first decision (e.g. after a restart). */
  applied: 'raise' | 'clear' | null;
}

/**
 * De-flapping for check-based alerts (service down, consumer lag, DLQ growth): an alert is raised after `raiseAfter`
 * consecutive bad checks and cleared after `clearAfter` consecutive good ones; anything in between holds the current
 * state. An action is returned only when it changes the state, so the alert store sees one raise and one clear per
 * episode; the store's own one-open-alert-per-key rule de-duplicates across instances and restarts.
 */
export class AlertDebouncer {
  readonly #keys = new Map<string, KeyState>();

  constructor(
    readonly raiseAfter: number,
    readonly clearAfter: number,
  ) {
    if (!Number.isInteger(raiseAfter) || raiseAfter < 1 || !Number.isInteger(clearAfter) || clearAfter < 1) {
      throw new RangeError(`raiseAfter and clearAfter must be integers ≥ 1 (got ${raiseAfter}, ${clearAfter})`);
    }
  }

  /** Records one check of `key` (bad = the alert's condition holds) and returns the action due now, if any. */
  observe(key: string, bad: boolean): AlertAction {
    const s = this.#keys.get(key) ?? { bad: 0, good: 0, applied: null };
    this.#keys.set(key, s);
    if (bad) {
      s.bad++;
      s.good = 0;
    } else {
      s.good++;
      s.bad = 0;
    }
    const due: AlertAction = s.bad >= this.raiseAfter ? 'raise' : s.good >= this.clearAfter ? 'clear' : null;
    if (due === null || due === s.applied) return null;
    s.applied = due;
    return due;
  }

  /** Forgets a key's history (after its action failed to apply, so the next check decides again). */
  reset(key: string): void {
    this.#keys.delete(key);
  }
}
