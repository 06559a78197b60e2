import type { Transaction } from '@vigie/service-kit';
import type { WorkOrder } from '@vigie/contracts';
import { claimEvent, touchAsset } from '../adapters/processed-events';
import { hasUnfinishedSaga } from '../adapters/saga-repository';
import { insertAudit } from '../adapters/work-order-history';
import { findOpenPredictive, insertWorkOrder, updateWorkOrder } from '../adapters/work-order-repository';
import { diffOrders, RULES_ACTOR, type AuditChange } from '../domain/audit';
import type { Evidence, EvidenceEntry } from '../domain/evidence';
import type { FiredRule } from '@vigie/contracts';
import { decide, type OpenOrder, type Signal } from '../domain/rules';
import { beginPredictiveSaga, continuePredictiveSaga, recordFailedStart } from './create-predictive-work-order';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

export type SignalOutcome = 'duplicate' | 'none' | 'created' | 'escalated' | 'updated' | 'closed';

/**
 * Applies one anomaly or RUL event in ONE transaction with its processed_events row, its audit rows and its outbox
 * row: a replayed event finds its id claimed and changes nothing. An order the rules open is created by the saga
 * "create predictive work order" (create-predictive-work-order.ts): this transaction is its step 1, the next steps
 * (intervention, reservation, event) follow in their own transactions; a failure there compensates and rethrows.
 */
export async function applySignal(deps: UseCaseDeps, eventId: string, signal: Signal): Promise<SignalOutcome> {
  const saga: { id: string | null } = { id: null };
  let outcome: SignalOutcome;
  try {
    outcome = await firstStep(deps, eventId, signal, saga);
  } catch (error) {
    // Step 1 rolled back whole (claim included): record the saga as compensated with nothing to undo.
    if (saga.id !== null) await recordFailedStart(deps, saga.id, eventId, error);
    throw error;
  }
  if (saga.id !== null) await continuePredictiveSaga(deps, saga.id);
  return outcome;
}

async function firstStep(deps: UseCaseDeps, eventId: string, signal: Signal, saga: { id: string | null }): Promise<SignalOutcome> {
  return deps.db.transaction(async (tx) => {
    if (!(await claimEvent(tx, eventId))) return 'duplicate';
    await touchAsset(tx, signal.assetId, signal.at);
    const verdict = await (await deps.rules.active(tx)).evaluate(signal.facts);
    const max = deps.config.rules.maxEvidenceEntries;
    // One open predictive order per asset (migration 007): an anomaly and a RUL prediction merge into one order.
    let open = await findOpenPredictive(tx, signal.assetId);
    let decision = decide(signal, verdict, toOpenOrder(open), max);
    if (decision.action === 'create') {
      const created = await insertWorkOrder(tx, { assetId: signal.assetId, cause: signal.cause, ...decision });
      if (created) {
        await insertAudit(tx, created.id, RULES_ACTOR, [
          { what: 'created', from: null, to: { status: created.status, priority: created.priority, decidedBy: firedRule(verdict) } },
          evidenceChange(signal.evidence, verdict),
        ]);
        saga.id = crypto.randomUUID();
        await beginPredictiveSaga(deps, tx, eventId, created, saga.id);
        return 'created';
      }
      // A concurrent event opened the order between our read and our insert: merge into that one instead.
      open = await findOpenPredictive(tx, signal.assetId);
      decision = decide(signal, verdict, toOpenOrder(open), max);
    }
    if (decision.action === 'close' && open !== null) return close(tx, open, decision, evidenceChange(signal.evidence, verdict), verdict);
    if (decision.action !== 'update' || open === null) return 'none';
    return escalate(tx, open, decision, [evidenceChange(signal.evidence, verdict), ...mergeChange(open, signal, verdict)]);
  });
}

function firedRule(verdict: { ruleId: string | null; ruleSetVersion: number }): FiredRule {
  return { ruleId: verdict.ruleId, ruleSetVersion: verdict.ruleSetVersion };
}

/** The audit row of one evidence entry added by the rules. */
function evidenceChange(entry: EvidenceEntry, verdict: { ruleId: string | null; ruleSetVersion: number }): AuditChange {
  return { what: 'evidence', from: null, to: { kind: entry.kind, eventId: entry.entry.eventId, decidedBy: firedRule(verdict) } };
}

/**
 * The audit row of a signal merged into an order another cause opened (an anomaly into a RUL order or the reverse):
 * which cause, which event, which rule decided.
 */
function mergeChange(open: WorkOrder, signal: Signal, verdict: { ruleId: string | null; ruleSetVersion: number }): AuditChange[] {
  if (open.cause === signal.cause) return [];
  const to = { cause: signal.cause, eventId: signal.evidence.entry.eventId, decidedBy: firedRule(verdict) };
  return [{ what: 'merged', from: { cause: open.cause }, to }];
}

/**
 * Raises or annotates the open order, with its audit rows. While the saga that opens the order is unfinished its
 * event is left to the saga's last step (which publishes the order as it then is), so an order the saga undoes is
 * never published.
 */
async function escalate(
  tx: Transaction,
  open: WorkOrder,
  decision: Extract<ReturnType<typeof decide>, { action: 'update' }>,
  evidence: readonly AuditChange[],
): Promise<SignalOutcome> {
  const updated = await updateWorkOrder(tx, open.id, {
    priority: decision.priority,
    dueDate: decision.dueDate,
    evidence: { ...decision.evidence },
    failureMode: decision.failureMode,
    requiredSkills: decision.requiredSkills,
    estimatedDurationHours: decision.estimatedDurationHours,
  });
  await insertAudit(tx, open.id, RULES_ACTOR, [...diffOrders(open, updated), ...evidence]);
  if (!(await hasUnfinishedSaga(tx, open.id))) await enqueueWorkOrderEvent(tx, decision.change, updated);
  return decision.change;
}

/**
 * Cancels the open order a rule found recovered, with the rule's reason and the deciding rule in the audit. While the
 * saga that opens the order is unfinished the order is left to it (the evidence is still recorded): cancelling under a
 * running saga would race its compensations.
 */
async function close(
  tx: Transaction,
  open: WorkOrder,
  decision: Extract<ReturnType<typeof decide>, { action: 'close' }>,
  evidence: AuditChange,
  verdict: { ruleId: string | null; ruleSetVersion: number },
): Promise<SignalOutcome> {
  const running = await hasUnfinishedSaga(tx, open.id);
  const updated = await updateWorkOrder(tx, open.id, {
    evidence: { ...decision.evidence },
    ...(running ? {} : { status: 'cancelled' as const, cancelReason: `${decision.reason} (rule ${verdict.ruleId ?? 'none'})` }),
  });
  await insertAudit(tx, open.id, RULES_ACTOR, [...diffOrders(open, updated), evidence]);
  if (running) return 'updated';
  await enqueueWorkOrderEvent(tx, 'updated', updated);
  return 'closed';
}

function toOpenOrder(order: WorkOrder | null): OpenOrder | null {
  if (order === null) return null;
  return {
    status: order.status,
    priority: order.priority,
    dueDate: order.dueDate === null ? null : new Date(order.dueDate),
    evidence: order.evidence as Evidence,
    failureMode: order.failureMode ?? null,
    requiredSkills: order.requiredSkills ?? [],
    estimatedDurationHours: order.estimatedDurationHours ?? null,
  };
}
