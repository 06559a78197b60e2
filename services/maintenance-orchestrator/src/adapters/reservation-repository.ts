import type { Queryable } from '@vigie/service-kit';

export interface Reservation {
  readonly id: string;
  /** The maintenance plan current when the slot was reserved (null: no plan stored yet). */
  readonly planId: string | null;
  readonly workOrderId: string;
  readonly interventionId: string;
  readonly technicianId: string | null;
  readonly start: Date;
  readonly end: Date;
}

/** The latest stored maintenance plan, the one reservations are made in. */
export async function currentPlanId(q: Queryable): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM maintenance_plans ORDER BY created_at DESC, id LIMIT 1');
  return rows[0]?.id ?? null;
}

export async function insertReservation(q: Queryable, r: Reservation): Promise<void> {
  await q.query(
    `INSERT INTO plan_reservations (id, plan_id, work_order_id, intervention_id, technician_id, slot_start, slot_end)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.id, r.planId, r.workOrderId, r.interventionId, r.technicianId, r.start, r.end],
  );
}

export async function deleteReservation(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM plan_reservations WHERE id = $1', [id]);
}

/**
 * What each technician has booked from `from` on: planned interventions of open orders and reserved slots (a
 * reservation's intervention is counted once).
 */
export async function bookedSlots(q: Queryable, from: Date): Promise<Map<string, { start: Date; end: Date }[]>> {
  const { rows } = await q.query<{ technician_id: string; start: Date; end: Date }>(
    `SELECT i.technician_id, i.planned_start AS start, i.planned_end AS "end" FROM interventions i
       JOIN work_orders w ON w.id = i.work_order_id
     WHERE i.status = 'planned' AND i.technician_id IS NOT NULL AND i.planned_end > $1
       AND w.status NOT IN ('done', 'cancelled')
     UNION ALL
     SELECT r.technician_id, r.slot_start, r.slot_end FROM plan_reservations r
     WHERE r.technician_id IS NOT NULL AND r.slot_end > $1
       AND NOT EXISTS (SELECT 1 FROM interventions i WHERE i.id = r.intervention_id AND i.status = 'planned')`,
    [from],
  );
  const out = new Map<string, { start: Date; end: Date }[]>();
  for (const r of rows) out.set(r.technician_id, [...(out.get(r.technician_id) ?? []), { start: r.start, end: r.end }]);
  return out;
}
