import type { Queryable } from '@vigie/service-kit';
import type { z } from 'zod';
import type { InterventionSchema } from '@vigie/contracts';

export type Intervention = z.infer<typeof InterventionSchema>;

export interface NewIntervention {
  readonly workOrderId: string;
  readonly technicianId: string | null;
  readonly plannedStart: Date;
  readonly plannedEnd: Date;
}

export async function insertIntervention(q: Queryable, i: NewIntervention): Promise<Intervention> {
  const { rows } = await q.query<{
    id: string;
    work_order_id: string;
    technician_id: string | null;
    planned_start: Date;
    planned_end: Date;
    status: string;
    created_at: Date;
  }>(
    `INSERT INTO interventions (id, work_order_id, technician_id, planned_start, planned_end)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING id, work_order_id, technician_id, planned_start, planned_end, status, created_at`,
    [crypto.randomUUID(), i.workOrderId, i.technicianId, i.plannedStart, i.plannedEnd],
  );
  const r = rows[0]!;
  return {
    id: r.id,
    workOrderId: r.work_order_id,
    technicianId: r.technician_id,
    plannedStart: r.planned_start.toISOString(),
    plannedEnd: r.planned_end.toISOString(),
    status: r.status,
    createdAt: r.created_at.toISOString(),
  };
}

/** Removes an intervention that was never published (saga compensation). */
export async function deleteIntervention(q: Queryable, id: string): Promise<void> {
  await q.query('DELETE FROM interventions WHERE id = $1', [id]);
}
