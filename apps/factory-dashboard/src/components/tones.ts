import type { Alert, AssetHealth, Criticality, Priority, ServiceStatus } from '@vigie/contracts';

/**
 * The few colours the page uses, named by meaning so every badge of a kind looks alike. Red is kept for things
 * that need someone now; amber for "watch it"; blue for information; grey for "not known / low".
 */
export type Tone = 'ok' | 'info' | 'warn' | 'alarm' | 'critical' | 'neutral';

export const assetStatusTone: Readonly<Record<AssetHealth['status'], Tone>> = {
  ok: 'ok',
  warning: 'warn',
  alarm: 'alarm',
  unknown: 'neutral',
};

export const criticalityTone: Readonly<Record<Criticality, Tone>> = {
  low: 'neutral',
  medium: 'warn',
  high: 'alarm',
  critical: 'critical',
};

export const priorityTone: Readonly<Record<Priority, Tone>> = { P1: 'critical', P2: 'warn', P3: 'info', P4: 'neutral' };

export const severityTone: Readonly<Record<Alert['severity'], Tone>> = {
  critical: 'critical',
  warning: 'warn',
  info: 'info',
};

export const serviceTone: Readonly<Record<ServiceStatus['status'], Tone>> = { UP: 'ok', DOWN: 'alarm', UNKNOWN: 'neutral' };

/** Health bar colour: thresholds match how operators read a gauge (green, then amber below 60 %, red below 30 %). */
export function healthTone(health: number | null): Tone {
  if (health === null) return 'neutral';
  if (health < 0.3) return 'alarm';
  if (health < 0.6) return 'warn';
  return 'ok';
}
