import type { ServiceStatus } from '@vigie/contracts';

export interface BoardTarget {
  readonly service: string;
  readonly url: string;
}

/**
 * The current status of each configured service, in config order. Starts UNKNOWN (or with what the database
 * remembered), so the list always names every target even before the first poll.
 */
export class ServiceBoard {
  readonly #byService = new Map<string, ServiceStatus>();

  constructor(targets: readonly BoardTarget[]) {
    for (const t of targets) {
      this.#byService.set(t.service, { service: t.service, url: t.url, status: 'UNKNOWN', checkedAt: null, latencyMs: null, details: null });
    }
  }

  /** Takes remembered statuses of configured targets (a removed target's old row is ignored). */
  restore(saved: readonly ServiceStatus[]): void {
    for (const s of saved) {
      const current = this.#byService.get(s.service);
      if (current && current.url === s.url) this.#byService.set(s.service, s);
    }
  }

  /** Records a check; returns true when the service's status changed (UP/DOWN/UNKNOWN, not latency). */
  update(status: ServiceStatus): boolean {
    const before = this.#byService.get(status.service);
    if (!before) return false;
    this.#byService.set(status.service, status);
    return before.status !== status.status;
  }

  list(): ServiceStatus[] {
    return [...this.#byService.values()];
  }
}
