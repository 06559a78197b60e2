import type { AssetHealth } from '@vigie/contracts';

export type HealthState = AssetHealth['status'];

/** Worst first. "Unknown" ranks above "ok": an asset that went silent must not let its site read as healthy. */
export const HEALTH_SEVERITY: Readonly<Record<HealthState, number>> = { alarm: 3, warning: 2, unknown: 1, ok: 0 };
export const HEALTH_STATES: readonly HealthState[] = ['alarm', 'warning', 'unknown', 'ok'];

/** One site (ISA-95 top level) as the world map shows it. */
export interface SiteSummary {
  readonly site: string;
  /** Mean position of the site's located assets; null when none of them has coordinates. */
  readonly position: { readonly latitude: number; readonly longitude: number } | null;
  /** The worst health state among the site's assets. */
  readonly worst: HealthState;
  readonly counts: Readonly<Record<HealthState, number>>;
  readonly assets: number;
  /** How many of `assets` have coordinates. */
  readonly located: number;
}

export interface PlantGeography {
  /** Sorted by name. */
  readonly sites: readonly SiteSummary[];
  /** Assets that cannot be put on the world map: no coordinates, or no site (not yet described by ingestion). */
  readonly unlocated: readonly AssetHealth[];
}

export function worstHealth(states: Iterable<HealthState>): HealthState {
  let worst: HealthState = 'ok';
  for (const s of states) if (HEALTH_SEVERITY[s] > HEALTH_SEVERITY[worst]) worst = s;
  return worst;
}

export function isLocated(asset: Pick<AssetHealth, 'site' | 'latitude' | 'longitude'>): boolean {
  return asset.site !== '' && isCoordinate(asset.latitude, 90) && isCoordinate(asset.longitude, 180);
}

function isCoordinate(value: number | null, limit: number): value is number {
  return value !== null && Number.isFinite(value) && Math.abs(value) <= limit;
}

/**
 * Groups the live assets into sites: each site's position is the mean of its assets' coordinates (a plant spans a
 * few hundred metres, so the plain mean is exact enough), its colour the worst health of all its assets, located or
 * not. Pure: the world map re-renders from it on every live update.
 */
export function summariseSites(assets: readonly AssetHealth[]): PlantGeography {
  const bySite = new Map<string, AssetHealth[]>();
  const unlocated: AssetHealth[] = [];
  for (const asset of assets) {
    if (!isLocated(asset)) unlocated.push(asset);
    if (asset.site === '') continue;
    const list = bySite.get(asset.site);
    if (list === undefined) bySite.set(asset.site, [asset]);
    else list.push(asset);
  }
  const sites = [...bySite.entries()].map(([site, members]) => summariseSite(site, members));
  sites.sort((a, b) => compareText(a.site, b.site));
  unlocated.sort((a, b) => compareText(a.id, b.id));
  return { sites, unlocated };
}

function summariseSite(site: string, members: readonly AssetHealth[]): SiteSummary {
  const counts: Record<HealthState, number> = { alarm: 0, warning: 0, unknown: 0, ok: 0 };
  let latSum = 0;
  let lonSum = 0;
  let located = 0;
  for (const a of members) {
    counts[a.status] += 1;
    if (isLocated(a)) {
      latSum += a.latitude as number;
      lonSum += a.longitude as number;
      located += 1;
    }
  }
  return {
    site,
    position: located === 0 ? null : { latitude: latSum / located, longitude: lonSum / located },
    worst: worstHealth(members.map((a) => a.status)),
    counts,
    assets: members.length,
    located,
  };
}

/** Code-point order: the same on every machine and locale, so layouts and lists never reshuffle. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
