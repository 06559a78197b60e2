import { legalWorkOrderTransitions, type WorkOrderStatus } from '@vigie/contracts';

/** What a transition asks the user for before it is sent: a closure code (done), a reason (cancelled), or nothing. */
export type TransitionInput = 'closure' | 'reason' | 'none';

export interface TransitionAction {
  readonly target: WorkOrderStatus;
  readonly input: TransitionInput;
}

/**
 * The buttons of an order in `status`: only the legal next states of the orchestrator's state machine (the table of
 * @vigie/contracts, which the orchestrator's tests check against the one it enforces), each with what it requires.
 */
export function transitionActions(status: WorkOrderStatus): TransitionAction[] {
  return legalWorkOrderTransitions(status).map((target) => ({
    target,
    input: target === 'done' ? 'closure' : target === 'cancelled' ? 'reason' : 'none',
  }));
}
