import type { AssetHealth } from '@vigie/contracts';

type Status = AssetHealth['status'];

/**
 * What the RUL line says before any prediction. An 'ok' asset reports data and shows no degradation, which is why
 * no prediction exists; "waiting" would suggest the data itself is missing, as it is for 'unknown'. A degrading
 * asset (warning, alarm) is still waiting for its first estimate.
 */
export function noRulText(status: Status): string {
  return status === 'ok' ? 'No degradation trend' : 'Waiting for the first RUL prediction…';
}

/** What the anomaly line says before any anomaly: "yet" only while the asset's data is not known to arrive. */
export function noAnomalyText(status: Status): string {
  return status === 'unknown' ? 'No anomaly detected yet' : 'No anomaly detected';
}
