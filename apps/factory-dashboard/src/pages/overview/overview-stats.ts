import type { AssetHealth, Priority, WorkOrder } from '@vigie/contracts';

/**
 * The overview's figures, computed from the live plant state. Pure, so the page only renders and the tests check
 * the arithmetic without a browser.
 */

export const HEALTH_STATES = ['alarm', 'warning', 'ok', 'unknown'] as const satisfies readonly AssetHealth['status'][];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const satisfies readonly Priority[];

/** Assets per health state, every state present (0 when none), worst first. */
export function countByHealth(assets: readonly AssetHealth[]): Readonly<Record<AssetHealth['status'], number>> {
  const counts: Record<AssetHealth['status'], number> = { alarm: 0, warning: 0, ok: 0, unknown: 0 };
  for (const a of assets) counts[a.status] += 1;
  return counts;
}

/** Open work orders per priority, every priority present. */
export function countByPriority(workOrders: readonly WorkOrder[]): Readonly<Record<Priority, number>> {
  const counts: Record<Priority, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
  for (const wo of workOrders) counts[wo.priority] += 1;
  return counts;
}

/**
 * RUL buckets in hours, chosen by how maintenance reacts: within the shift/day (act now), within 3 days, within the
 * week (plan it), within 4 weeks, later. `to` is exclusive; the last bucket is open-ended.
 */
export const RUL_BUCKETS = [
  { id: 'day', from: 0, to: 24 },
  { id: 'threeDays', from: 24, to: 72 },
  { id: 'week', from: 72, to: 168 },
  { id: 'month', from: 168, to: 672 },
  { id: 'later', from: 672, to: Number.POSITIVE_INFINITY },
] as const;
export type RulBucketId = (typeof RUL_BUCKETS)[number]['id'];

export interface RulBucketCount {
  readonly id: RulBucketId;
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * Histogram of each asset's latest RUL (hours). Assets without a prediction are not counted (they are reported
 * apart by `withoutRul`); a negative or non-finite estimate is a model fault, counted in no bucket either.
 */
export function rulHistogram(assets: readonly AssetHealth[]): readonly RulBucketCount[] {
  const counts = RUL_BUCKETS.map((b) => ({ ...b, count: 0 }));
  for (const a of assets) {
    const hours = a.lastRul?.rul;
    if (hours === undefined || !Number.isFinite(hours) || hours < 0) continue;
    const bucket = counts.find((b) => hours >= b.from && hours < b.to);
    if (bucket !== undefined) bucket.count += 1;
  }
  return counts;
}

/** How many assets have no RUL prediction yet. */
export function withoutRul(assets: readonly AssetHealth[]): number {
  return assets.filter((a) => a.lastRul === null).length;
}

/** The `limit` assets with the lowest latest RUL, lowest first (ties: by id, so the order is stable). */
export function lowestRul(assets: readonly AssetHealth[], limit: number): readonly AssetHealth[] {
  return assets
    .filter(
      (a): a is AssetHealth & { lastRul: NonNullable<AssetHealth['lastRul']> } => a.lastRul !== null && Number.isFinite(a.lastRul.rul),
    )
    .sort((a, b) => a.lastRul.rul - b.lastRul.rul || a.id.localeCompare(b.id))
    .slice(0, Math.max(0, limit));
}
