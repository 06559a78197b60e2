import type { AssetHealth } from '@vigie/contracts';

type Status = AssetHealth['status'];

/**
 * What the RUL line says before any prediction. An 'ok' asset reports data and shows no degradation, which is why
 * no prediction exists; "waiting" would suggest the data itself is missing. A degrading or unknown asset is still
 * waiting for its first estimate.
 */
export function noRulKey(status: Status): 'card.noTrend' | 'card.waitingRul' {
  return status === 'ok' ? 'card.noTrend' : 'card.waitingRul';
}

/** What the anomaly line says before any anomaly: "yet" only while the asset's data is not known to arrive. */
export function noAnomalyKey(status: Status): 'card.noAnomalyYet' | 'card.noAnomaly' {
  return status === 'unknown' ? 'card.noAnomalyYet' : 'card.noAnomaly';
}
