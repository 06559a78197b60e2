import { ALL_TOPICS } from '@vigie/contracts';

export interface TopicCount {
  readonly topic: string;
  readonly events: number;
  /** Epoch ms of the newest event seen, null before the first. */
  readonly lastEventAt: number | null;
}

/** Events seen per topic since the platform was first started (restored from system_metrics across restarts). */
export class TopicCounters {
  readonly #counts = new Map<string, { events: number; lastEventAt: number | null }>();
  #dirty = false;

  constructor(topics: readonly string[] = ALL_TOPICS) {
    for (const t of topics) this.#counts.set(t, { events: 0, lastEventAt: null });
  }

  record(topic: string, events: number, lastEventAt: number): void {
    const c = this.#counts.get(topic) ?? { events: 0, lastEventAt: null };
    c.events += events;
    c.lastEventAt = Math.max(c.lastEventAt ?? 0, lastEventAt);
    this.#counts.set(topic, c);
    this.#dirty = true;
  }

  /** Adds persisted totals to what was counted so far (events may arrive before the restore finishes). */
  restore(saved: readonly TopicCount[]): void {
    for (const s of saved) {
      const c = this.#counts.get(s.topic) ?? { events: 0, lastEventAt: null };
      c.events += s.events;
      if (s.lastEventAt !== null) c.lastEventAt = Math.max(c.lastEventAt ?? 0, s.lastEventAt);
      this.#counts.set(s.topic, c);
    }
  }

  snapshot(): TopicCount[] {
    return [...this.#counts].map(([topic, c]) => ({ topic, events: c.events, lastEventAt: c.lastEventAt }));
  }

  /** True once since the last call when something was recorded: a flush is only worth it then. */
  takeDirty(): boolean {
    const d = this.#dirty;
    this.#dirty = false;
    return d;
  }
}
