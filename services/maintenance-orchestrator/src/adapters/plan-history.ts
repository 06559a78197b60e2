import type { Queryable } from '@vigie/service-kit';
import type { MaintenancePlan } from '@vigie/contracts';

/** The newest plan of maintenance_plans (by creation time, then id), or null when none was ever stored. */
export async function latestPlan(q: Queryable): Promise<MaintenancePlan | null> {
  const { rows } = await q.query<{ plan: MaintenancePlan }>('SELECT plan FROM maintenance_plans ORDER BY created_at DESC, id DESC LIMIT 1');
  return rows[0]?.plan ?? null;
}
