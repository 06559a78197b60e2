import type { Database, Keyring } from '@vigie/service-kit';
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
  /** Seals and opens technicians' personal data (adapters/technician-secrets.ts); absent: none can be stored or shown. */
  readonly secrets?: Keyring;
  /**
   * Test seam of the sagas (use-cases/create-predictive-work-order.ts): called inside each step's transaction just
   * before it commits ('before-commit': a throw fails the step, the saga compensates) and once it has committed
   * ('after-commit': a throw escapes without compensating, as a process dying between two steps would). Absent in
   * production.
   */
  readonly sagaProbe?: SagaProbe;
}

export type SagaProbe = (point: {
  readonly sagaId: string;
  readonly step: string;
  readonly phase: 'before-commit' | 'after-commit';
}) => void | Promise<void>;

/** CloudEvents `source` of everything this service emits. */
export const EVENT_SOURCE = 'vigie/maintenance-orchestrator';
