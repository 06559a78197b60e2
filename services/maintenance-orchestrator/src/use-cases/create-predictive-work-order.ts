import type { Logger, Transaction } from '@vigie/service-kit';
import type { WorkOrder } from '@vigie/contracts';
import { deleteIntervention, insertIntervention } from '../adapters/intervention-repository';
import { listPlanTechnicians } from '../adapters/planning-repository';
import { releaseEvent } from '../adapters/processed-events';
import { bookedSlots, currentPlanId, deleteReservation, insertReservation } from '../adapters/reservation-repository';
import { insertSaga, listUnfinishedSagas, lockSaga, saveSaga, type SagaRow } from '../adapters/saga-repository';
import { insertAudit } from '../adapters/work-order-history';
import { deleteWorkOrder, findWorkOrder } from '../adapters/work-order-repository';
import { SAGA_ACTOR } from '../domain/audit';
import { earliestFeasibleSlot, type ProvisionalSlot } from '../domain/planning';
import type { UseCaseDeps } from './deps';
import { enqueueWorkOrderEvent } from './outbox-events';

/**
 * Saga "create predictive work order" (issue 7 item 3). Steps, each its OWN transaction that also records the step in
 * the `sagas` row (so the row always says exactly which effects are committed):
 *   1 order        — the order row (with the processed-events claim and the saga row; apply-signal.ts),
 *   2 intervention — an intervention on the greedy earliest feasible slot (domain/planning.ts),
 *   3 reservation  — that slot reserved in the current maintenance plan (plan_reservations),
 *   4 event        — the `created` work-orders event in the outbox; the saga is completed in the same transaction.
 * A failing step rolls back alone; the committed ones are then compensated in reverse order, each compensation in its
 * own transaction with its record: 3 deletes the reservation, 2 the intervention, 1 the order and releases the event
 * claim (a redelivery retries). Step 4 needs none: its effect and the completion commit together, so no event is
 * ever queued for an undone order. At start, `recoverSagas` resumes running sagas and finishes compensating ones.
 */
export const PREDICTIVE_SAGA = 'create-predictive-work-order';

export const SAGA_STEPS = ['order', 'intervention', 'reservation', 'event'] as const;
export type SagaStepName = (typeof SAGA_STEPS)[number];

export interface PredictiveSagaState {
  readonly eventId: string;
  readonly workOrderId: string;
  readonly interventionId?: string;
  readonly technicianId?: string | null;
  readonly slotStart?: string;
  readonly slotEnd?: string;
  readonly reservationId?: string;
  readonly planId?: string | null;
}

type Row = SagaRow<PredictiveSagaState>;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Step 1, inside the transaction that inserted the order: the saga row `id`. */
export async function beginPredictiveSaga(
  deps: UseCaseDeps,
  tx: Transaction,
  eventId: string,
  order: WorkOrder,
  id: string,
): Promise<void> {
  const state: PredictiveSagaState = { eventId, workOrderId: order.id };
  await insertSaga(tx, { id, kind: PREDICTIVE_SAGA, subject: order.id, step: 1, status: 'running', state, error: null });
  await deps.sagaProbe?.({ sagaId: id, step: 'order', phase: 'before-commit' });
}

/** Records a saga whose first step rolled back: nothing to compensate, the row says so. */
export async function recordFailedStart(deps: UseCaseDeps, sagaId: string, eventId: string, error: unknown): Promise<void> {
  await deps.db.transaction((tx) =>
    insertSaga(tx, {
      id: sagaId,
      kind: PREDICTIVE_SAGA,
      subject: null,
      step: 0,
      status: 'compensated',
      state: { eventId, workOrderId: '' },
      error: message(error),
    }),
  );
}

/**
 * Runs the steps after the last committed one; on a failure compensates and rethrows. Returns the saga's final
 * status ('completed'), or null when another process owns it (already advanced or finished).
 */
export async function continuePredictiveSaga(deps: UseCaseDeps, sagaId: string): Promise<'completed' | null> {
  await deps.sagaProbe?.({ sagaId, step: 'order', phase: 'after-commit' });
  for (;;) {
    let done: { next: SagaStepName | null } | null;
    try {
      done = await deps.db.transaction(async (tx) => {
        const saga = await lockSaga<PredictiveSagaState>(tx, sagaId);
        if (!saga || saga.status !== 'running') return null;
        const name = SAGA_STEPS[saga.step];
        if (name === undefined) return null;
        await STEPS[name](deps, tx, saga);
        await deps.sagaProbe?.({ sagaId, step: name, phase: 'before-commit' });
        return { next: name };
      });
    } catch (error) {
      await compensatePredictiveSaga(deps, sagaId, error);
      throw error;
    }
    if (done === null) return null;
    await deps.sagaProbe?.({ sagaId, step: done.next!, phase: 'after-commit' });
    if (done.next === 'event') {
      await deps.relay.afterCommit();
      return 'completed';
    }
  }
}

/** Undoes the committed steps in reverse order, one transaction each; idempotent, so a crash mid-way is resumed. */
export async function compensatePredictiveSaga(deps: UseCaseDeps, sagaId: string, cause?: unknown): Promise<void> {
  for (;;) {
    const more = await deps.db.transaction(async (tx) => {
      const saga = await lockSaga<PredictiveSagaState>(tx, sagaId);
      if (!saga || saga.status === 'completed' || saga.status === 'compensated') return false;
      const error = cause === undefined ? undefined : message(cause);
      if (saga.step === 0) {
        await saveSaga(tx, sagaId, { step: 0, status: 'compensated', ...(error ? { error } : {}) });
        return false;
      }
      const name = SAGA_STEPS[saga.step - 1]!;
      await COMPENSATIONS[name](tx, saga);
      const step = saga.step - 1;
      await saveSaga(tx, sagaId, {
        step,
        status: step === 0 ? 'compensated' : 'compensating',
        compensation: name,
        ...(error ? { error } : {}),
      });
      return step > 0;
    });
    cause = undefined;
    if (!more) return;
  }
}

/** At start: resumes running sagas (forward) and finishes compensating ones. Failures are logged, never thrown. */
export async function recoverSagas(deps: UseCaseDeps, logger: Logger): Promise<{ resumed: number; compensated: number }> {
  let resumed = 0;
  let compensated = 0;
  for (const id of await listUnfinishedSagas(deps.db, PREDICTIVE_SAGA)) {
    const saga = await deps.db.transaction((tx) => lockSaga<PredictiveSagaState>(tx, id));
    try {
      if (saga?.status === 'running') {
        if ((await continuePredictiveSaga(deps, id)) === 'completed') resumed += 1;
      } else {
        await compensatePredictiveSaga(deps, id);
        compensated += 1;
      }
    } catch (error) {
      compensated += 1;
      logger.warn({ err: error, sagaId: id }, 'saga compensated at recovery');
    }
  }
  return { resumed, compensated };
}

const STEPS: Record<SagaStepName, (deps: UseCaseDeps, tx: Transaction, saga: Row) => Promise<void>> = {
  // Step 1 commits with the event's claim in apply-signal.ts; a saga row never exists before it.
  order: () => Promise.reject(new Error('step 1 runs in apply-signal')),
  intervention: async (deps, tx, saga) => {
    const order = await requireOrder(tx, saga);
    const now = deps.clock();
    const duration = order.estimatedDurationHours ?? deps.config.planning.defaultDurationHours;
    const slot = await provisionalSlot(deps, tx, order, now, duration);
    const intervention = await insertIntervention(tx, {
      workOrderId: order.id,
      technicianId: slot.technicianId,
      plannedStart: slot.start,
      plannedEnd: slot.end,
    });
    await insertAudit(tx, order.id, SAGA_ACTOR, [
      {
        what: 'intervention',
        from: null,
        to: {
          interventionId: intervention.id,
          technicianId: slot.technicianId,
          start: intervention.plannedStart,
          end: intervention.plannedEnd,
        },
      },
    ]);
    const state = {
      ...saga.state,
      interventionId: intervention.id,
      technicianId: slot.technicianId,
      slotStart: intervention.plannedStart,
      slotEnd: intervention.plannedEnd,
    };
    await saveSaga(tx, saga.id, { step: 2, status: 'running', state });
  },
  reservation: async (_deps, tx, saga) => {
    const { interventionId, slotStart, slotEnd } = saga.state;
    if (!interventionId || !slotStart || !slotEnd) throw new Error(`saga ${saga.id}: reservation without an intervention`);
    const reservationId = crypto.randomUUID();
    const planId = await currentPlanId(tx);
    await insertReservation(tx, {
      id: reservationId,
      planId,
      workOrderId: saga.state.workOrderId,
      interventionId,
      technicianId: saga.state.technicianId ?? null,
      start: new Date(slotStart),
      end: new Date(slotEnd),
    });
    await saveSaga(tx, saga.id, { step: 3, status: 'running', state: { ...saga.state, reservationId, planId } });
  },
  event: async (_deps, tx, saga) => {
    const order = await requireOrder(tx, saga);
    await enqueueWorkOrderEvent(tx, 'created', order);
    await saveSaga(tx, saga.id, { step: 4, status: 'completed' });
  },
};

const COMPENSATIONS: Record<SagaStepName, (tx: Transaction, saga: Row) => Promise<void>> = {
  order: async (tx, saga) => {
    await deleteWorkOrder(tx, saga.state.workOrderId);
    await releaseEvent(tx, saga.state.eventId);
  },
  intervention: async (tx, saga) => {
    if (saga.state.interventionId) await deleteIntervention(tx, saga.state.interventionId);
  },
  reservation: async (tx, saga) => {
    if (saga.state.reservationId) await deleteReservation(tx, saga.state.reservationId);
  },
  // Never committed without the saga's completion: nothing to undo.
  event: async () => undefined,
};

/**
 * The greedy earliest feasible slot of a qualified technician before the due date; else the earliest one within the
 * planning horizon (late: the planner will weigh it); else an unassigned slot starting now (no qualified technician
 * or no capacity — the intervention still exists, for the planner and people to place).
 */
async function provisionalSlot(
  deps: UseCaseDeps,
  tx: Transaction,
  order: WorkOrder,
  now: Date,
  durationHours: number,
): Promise<{ technicianId: string | null; start: Date; end: Date }> {
  const technicians = await listPlanTechnicians(tx);
  const booked = await bookedSlots(tx, now);
  const job = {
    interventionId: '',
    workOrderId: order.id,
    priority: order.priority,
    dueDate: order.dueDate === null ? null : new Date(order.dueDate),
    durationHours,
    createdAt: new Date(order.createdAt),
    requiredSkills: order.requiredSkills ?? [],
    site: null,
  };
  const horizonEnd = new Date(now.getTime() + deps.config.planning.horizonDays * DAY_MS);
  let slot: ProvisionalSlot | null = null;
  if (job.dueDate !== null && job.dueDate > now) slot = earliestFeasibleSlot(job, technicians, booked, now, job.dueDate);
  slot ??= earliestFeasibleSlot(job, technicians, booked, now, horizonEnd);
  return slot ?? { technicianId: null, start: now, end: new Date(now.getTime() + durationHours * HOUR_MS) };
}

async function requireOrder(tx: Transaction, saga: Row): Promise<WorkOrder> {
  const order = await findWorkOrder(tx, saga.state.workOrderId, true);
  if (!order) throw new Error(`saga ${saga.id}: work order ${saga.state.workOrderId} is gone`);
  return order;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
