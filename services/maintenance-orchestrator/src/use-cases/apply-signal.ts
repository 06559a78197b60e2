import type { Transaction } from '@vigie/service-kit';
import type { WorkOrder } from '@vigie/contracts';
import { claimEvent, touchAsset } from '../adapters/processed-events';
import { findOpenPredictive, insertWorkOrder, updateWorkOrder } from '../adapters/work-order-repository';
import type { Evidence } from '../domain/evidence';
import { decide, type OpenOrder, type Signal } from '../domain/rules';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

export type SignalOutcome = 'duplicate' | 'none' | 'created' | 'escalated' | 'updated';

/**
 * Applies one anomaly or RUL event in ONE transaction with its processed_events row and its outbox row: a replayed
 * event finds its id claimed and changes nothing. Does not publish: the consumer runs the relay after its batch.
 */
export async function applySignal(deps: UseCaseDeps, eventId: string, signal: Signal): Promise<SignalOutcome> {
  return deps.db.transaction(async (tx) => {
    if (!(await claimEvent(tx, eventId))) return 'duplicate';
    await touchAsset(tx, signal.assetId, signal.at);
    const verdict = await (await deps.rules.active(tx)).evaluate(signal.facts);
    const max = deps.config.rules.maxEvidenceEntries;
    let open = await findOpenPredictive(tx, signal.assetId, signal.cause);
    let decision = decide(signal, verdict, toOpenOrder(open), max);
    if (decision.action === 'create') {
      const created = await insertWorkOrder(tx, { assetId: signal.assetId, cause: signal.cause, ...decision });
      if (created) {
        await enqueueWorkOrderEvent(tx, 'created', created);
        return 'created';
      }
      // A concurrent event opened the order between our read and our insert: escalate that one instead.
      open = await findOpenPredictive(tx, signal.assetId, signal.cause);
      decision = decide(signal, verdict, toOpenOrder(open), max);
    }
    if (decision.action !== 'update' || open === null) return 'none';
    return escalate(tx, open, decision);
  });
}

async function escalate(
  tx: Transaction,
  open: WorkOrder,
  decision: Extract<ReturnType<typeof decide>, { action: 'update' }>,
): Promise<SignalOutcome> {
  const updated = await updateWorkOrder(tx, open.id, {
    priority: decision.priority,
    dueDate: decision.dueDate,
    evidence: { ...decision.evidence },
    failureMode: decision.failureMode,
    requiredSkills: decision.requiredSkills,
    estimatedDurationHours: decision.estimatedDurationHours,
  });
  await enqueueWorkOrderEvent(tx, decision.change, updated);
  return decision.change;
}

function toOpenOrder(order: WorkOrder | null): OpenOrder | null {
  if (order === null) return null;
  return {
    priority: order.priority,
    dueDate: order.dueDate === null ? null : new Date(order.dueDate),
    evidence: order.evidence as Evidence,
    failureMode: order.failureMode ?? null,
    requiredSkills: order.requiredSkills ?? [],
    estimatedDurationHours: order.estimatedDurationHours ?? null,
  };
}
