import type { Database } from '@vigie/service-kit';
import type { Config } from '../config';
import type { RuleBook } from './rule-book';

/** Publishes what the outbox holds; called once a change is committed (failures are logged and retried later). */
export interface EventRelay {
  afterCommit(): Promise<void>;
}

/** What every use-case of this service receives: ports and settings, never a concrete adapter. */
export interface UseCaseDeps {
  readonly db: Database;
  readonly relay: EventRelay;
  readonly config: Config;
  /** The active orchestration rules (hot-reloaded per event). */
  readonly rules: RuleBook;
  readonly clock: () => Date;
}

/** CloudEvents `source` of everything this service emits. */
export const EVENT_SOURCE = 'vigie/maintenance-orchestrator';
