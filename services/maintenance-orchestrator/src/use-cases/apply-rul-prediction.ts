import type { CloudEvent, RulPredictionPayload } from '@vigie/contracts';
import { rulSignal } from '../domain/rules';
import { applySignal, type SignalOutcome } from './apply-signal';
import type { UseCaseDeps } from './deps';

/** Opens, escalates or annotates the asset's 'rul' order as the active rules decide; idempotent on the event id. */
export function applyRulPrediction(deps: UseCaseDeps, event: CloudEvent<RulPredictionPayload>): Promise<SignalOutcome> {
  const signal = rulSignal(event.id, event.data);
  return applySignal(deps, event.id, signal);
}
