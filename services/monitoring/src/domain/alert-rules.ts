import type { Alert, AnomalyDetectedPayload, RulPredictionPayload } from '@vigie/contracts';
import { RUL_ALARM_HOURS } from './asset-health';

export const ALERT_KINDS = {
  serviceDown: 'service_down',
  anomalyCritical: 'anomaly_critical',
  rulLow: 'rul_low',
  consumerLag: 'consumer_lag',
  dlqGrowth: 'dlq_growth',
} as const;
export type AlertKind = (typeof ALERT_KINDS)[keyof typeof ALERT_KINDS];
export const ASSET_ALERT_KINDS: readonly AlertKind[] = [ALERT_KINDS.anomalyCritical, ALERT_KINDS.rulLow];

/** An alert to hold open; at most one open alert exists per (kind, assetId, service). */
export interface AlertIntent {
  readonly kind: AlertKind;
  readonly severity: Alert['severity'];
  readonly assetId: string | null;
  readonly service: string | null;
  readonly message: string;
}

export interface AssetAlertFacts {
  readonly assetId: string;
  /** Epoch ms of the latest critical anomaly of the asset, if any. */
  readonly lastCriticalAt: number | null;
  readonly lastAnomaly: AnomalyDetectedPayload | null;
  readonly lastRul: RulPredictionPayload | null;
}

/** The RUL rule's thresholds, with hysteresis: raised under `alertHours`, cleared only at `clearHours` or more. */
export interface RulAlertPolicy {
  readonly alertHours: number;
  readonly clearHours: number;
  /** Whether the asset's rul_low alert is open now (it then holds until the lower bound reaches clearHours). */
  readonly open: boolean;
}

export const DEFAULT_RUL_POLICY: RulAlertPolicy = { alertHours: RUL_ALARM_HOURS, clearHours: RUL_ALARM_HOURS, open: false };

/**
 * The asset alerts that should be open now: `anomaly_critical` while a critical anomaly is younger than the window,
 * `rul_low` while the latest RUL lower bound is under the policy's threshold (72 h by default; once open, until it
 * is back at the clear threshold). Others of ASSET_ALERT_KINDS are to be cleared.
 */
export function desiredAssetAlerts(
  facts: AssetAlertFacts,
  now: number,
  anomalyWindowMs: number,
  rulPolicy: RulAlertPolicy = DEFAULT_RUL_POLICY,
): AlertIntent[] {
  const out: AlertIntent[] = [];
  if (facts.lastCriticalAt !== null && facts.lastCriticalAt >= now - anomalyWindowMs) {
    const a = facts.lastAnomaly;
    const where = a && a.criticality === 'critical' ? ` on ${a.sensorId} (score ${a.score.toFixed(2)})` : '';
    out.push({
      kind: ALERT_KINDS.anomalyCritical,
      severity: 'critical',
      assetId: facts.assetId,
      service: null,
      message: `Critical anomaly on ${facts.assetId}${where}`,
    });
  }
  const rul = facts.lastRul;
  if (rul && rul.lower < (rulPolicy.open ? Math.max(rulPolicy.alertHours, rulPolicy.clearHours) : rulPolicy.alertHours)) {
    out.push({
      kind: ALERT_KINDS.rulLow,
      severity: 'warning',
      assetId: facts.assetId,
      service: null,
      message: `RUL of ${facts.assetId} may be as low as ${rul.lower.toFixed(0)} h (estimate ${rul.rul.toFixed(0)} h)`,
    });
  }
  return out;
}

export function serviceDownAlert(service: string, url: string, reason: string): AlertIntent {
  return {
    kind: ALERT_KINDS.serviceDown,
    severity: 'critical',
    assetId: null,
    service,
    message: `${service} is DOWN (${url}): ${reason}`,
  };
}

/**
 * Consumers are falling behind when their summed lag is above the threshold and did not shrink since the previous
 * scrape: a backlog that is being worked off (a service catching up after a start or a restart) is not a fault, a
 * backlog that holds or grows is. Unknown lag (no bus adapter reporting it) is never behind.
 */
export function consumersFallingBehind(previousLag: number | null, lag: number | null, max: number): boolean {
  if (lag === null || lag <= max) return false;
  return previousLag === null || lag >= previousLag;
}

export function consumerLagAlert(service: string, lag: number, max: number): AlertIntent {
  return {
    kind: ALERT_KINDS.consumerLag,
    severity: 'warning',
    assetId: null,
    service,
    message: `${service} consumers are ${Math.round(lag)} messages behind (threshold ${max})`,
  };
}

export function dlqGrowthAlert(service: string, total: number): AlertIntent {
  return {
    kind: ALERT_KINDS.dlqGrowth,
    severity: 'warning',
    assetId: null,
    service,
    message: `${service} is dead-lettering events (${Math.round(total)} since it started)`,
  };
}
