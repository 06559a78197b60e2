import type { AssetHealth, Criticality } from '@vigie/contracts';
import { criticalityTone, healthTone, hmi, toneColors } from '../../theme';
import type { HealthState } from './site-summary';

/** How a marker looks: fill = health (live), ring and size = criticality of what is wrong with it now. */
export interface MarkerStyle {
  readonly fill: string;
  readonly ring: string;
  /** 0 for no ring. */
  readonly ringWidth: number;
  /** Outer diameter in CSS pixels (constant on screen whatever the zoom). */
  readonly diameter: number;
}

/** The status colour of the HMI palette: green ok, amber warning, red alarm, grey unknown. */
export function healthColour(state: HealthState): string {
  return toneColors[healthTone[state]].fg;
}

/** The status colour for solid fills (the `critical` tone's foreground is white text, its background the colour). */
export function criticalityColour(criticality: Criticality): string {
  const tone = criticalityTone[criticality];
  return tone === 'critical' ? toneColors.critical.bg : toneColors[tone].fg;
}

const SIZE: Readonly<Record<Criticality, { diameter: number; ringWidth: number }>> = {
  low: { diameter: 22, ringWidth: 3 },
  medium: { diameter: 26, ringWidth: 4 },
  high: { diameter: 30, ringWidth: 5 },
  critical: { diameter: 34, ringWidth: 6 },
};
/** No ring: the dot and its white edge only. */
const PLAIN = { diameter: 20, ringWidth: 0 } as const;

/**
 * The criticality an asset's marker shows: that of its last anomaly while the asset is in warning or alarm. Once the
 * asset is back to ok (or silent) the old anomaly no longer describes it, so the marker shows none.
 */
export function currentCriticality(asset: Pick<AssetHealth, 'status' | 'lastAnomaly'>): Criticality | null {
  if (asset.status !== 'warning' && asset.status !== 'alarm') return null;
  return asset.lastAnomaly?.criticality ?? null;
}

export function markerStyle(state: HealthState, criticality: Criticality | null): MarkerStyle {
  if (criticality === null) return { fill: healthColour(state), ring: hmi.surface, ...PLAIN };
  return { fill: healthColour(state), ring: criticalityColour(criticality), ...SIZE[criticality] };
}
