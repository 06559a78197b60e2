import type { Keyring, Queryable } from '@vigie/service-kit';
import type { MaintenancePlan, Priority } from '@vigie/contracts';
import type { PlanJob, PlanTechnician } from '../domain/planning';
import { sealTechnician } from './technician-secrets';

/** A technician; `name`, `email` and `phone` are personal data, sealed at rest (technician-secrets.ts). */
export interface TechnicianRow {
  readonly id: string;
  readonly name: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly skills: string[];
  readonly shiftStart: string;
  readonly shiftEnd: string;
  readonly site: string;
}

/** Every technician as stored: the personal fields are sealed envelopes (openTechnician opens them). */
export async function listTechnicians(q: Queryable): Promise<TechnicianRow[]> {
  const { rows } = await q.query<TechnicianRow>(
    `SELECT id, name, email, phone, skills, shift_start::text AS "shiftStart", shift_end::text AS "shiftEnd", site
     FROM technicians ORDER BY id`,
  );
  return rows;
}

/** What the planner needs of every technician: no personal column is read, so planning never decrypts. */
export async function listPlanTechnicians(q: Queryable): Promise<PlanTechnician[]> {
  const { rows } = await q.query<PlanTechnician>(
    `SELECT id, skills, shift_start::text AS "shiftStart", shift_end::text AS "shiftEnd", site
     FROM technicians ORDER BY id`,
  );
  return rows.map((t) => ({ id: t.id, shiftStart: t.shiftStart, shiftEnd: t.shiftEnd, skills: t.skills, site: t.site }));
}

export async function technicianExists(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query('SELECT 1 FROM technicians WHERE id = $1', [id]);
  return rowCount > 0;
}

/** Stores a technician with its personal fields sealed by the key ring's current key (SECRET_KEY_MISSING without one). */
export async function insertTechnician(q: Queryable, keyring: Keyring | undefined, technician: TechnicianRow): Promise<void> {
  const t = sealTechnician(keyring, technician).technician;
  await q.query(
    `INSERT INTO technicians (id, name, email, phone, skills, shift_start, shift_end, site)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
    [t.id, t.name, t.email ?? null, t.phone ?? null, t.skills, t.shiftStart, t.shiftEnd, t.site],
  );
}

/**
 * What is left to plan: every open intervention of an open order, plus each open order (requested, approved or
 * planned) that has no open intervention, with its estimated duration or else the default one. Each job carries the
 * order's required skills and site (null: any site).
 */
export async function listPlanJobs(q: Queryable, defaultDurationHours: number): Promise<PlanJob[]> {
  const { rows } = await q.query<{
    intervention_id: string | null;
    work_order_id: string;
    priority: Priority;
    due_date: Date | null;
    duration_hours: number;
    created_at: Date;
    required_skills: string[] | null;
    site: string | null;
  }>(
    `SELECT i.id AS intervention_id, w.id AS work_order_id, w.priority, w.due_date, w.created_at, w.required_skills, w.site,
            COALESCE(EXTRACT(EPOCH FROM (i.planned_end - i.planned_start)) / 3600, w.estimated_duration_hours, $1)::float8 AS duration_hours
     FROM work_orders w
     LEFT JOIN interventions i ON i.work_order_id = w.id AND i.status = 'planned'
     WHERE w.status IN ('requested', 'approved', 'planned', 'assigned')
       AND (i.id IS NOT NULL OR w.status IN ('requested', 'approved', 'planned'))`,
    [defaultDurationHours],
  );
  return rows.map((r) => ({
    interventionId: r.intervention_id ?? '',
    workOrderId: r.work_order_id,
    priority: r.priority,
    dueDate: r.due_date,
    durationHours: r.duration_hours,
    createdAt: r.created_at,
    requiredSkills: r.required_skills ?? [],
    site: r.site,
  }));
}

export async function insertPlan(q: Queryable, plan: MaintenancePlan): Promise<void> {
  await q.query(
    `INSERT INTO maintenance_plans (id, created_at, horizon_start, horizon_end, method, objective, plan)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [plan.planId, plan.createdAt, plan.horizonStart, plan.horizonEnd, plan.method, plan.objective, plan],
  );
}

export function toPlanTechnicians(rows: readonly TechnicianRow[]): PlanTechnician[] {
  return rows.map((t) => ({ id: t.id, shiftStart: t.shiftStart, shiftEnd: t.shiftEnd, skills: t.skills, site: t.site }));
}
