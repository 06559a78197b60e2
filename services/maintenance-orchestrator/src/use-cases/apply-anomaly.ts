import type { AnomalyDetectedPayload, CloudEvent } from '@vigie/contracts';
import { anomalySignal } from '../domain/rules';
import { applySignal, type SignalOutcome } from './apply-signal';
import type { UseCaseDeps } from './deps';

/** Opens, escalates or annotates the asset's 'anomaly' order as the active rules decide; idempotent on the event id. */
export function applyAnomaly(deps: UseCaseDeps, event: CloudEvent<AnomalyDetectedPayload>): Promise<SignalOutcome> {
  const signal = anomalySignal(event.id, event.data);
  return applySignal(deps, event.id, signal);
}
