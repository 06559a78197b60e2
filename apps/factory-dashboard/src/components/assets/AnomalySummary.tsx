import type { AnomalyDetectedPayload, AssetHealth } from '@vigie/contracts';
import { formatScore, formatTime } from '../../format';
import { Badge } from '../Badge';
import { criticalityTone } from '../tones';
import { noAnomalyText } from './empty-facts';

export interface AnomalySummaryProps {
  readonly anomaly: AnomalyDetectedPayload | null;
  /** Words the empty state: "yet" only while the asset's data is not known to arrive. */
  readonly status: AssetHealth['status'];
}

/** The asset's latest anomaly: how bad (criticality, score), on which sensor, and when. */
export function AnomalySummary({ anomaly, status }: AnomalySummaryProps) {
  return (
    <div className="fact" data-testid="asset-anomaly">
      <span className="fact__label">Anomaly</span>
      {anomaly === null ? (
        <span className="fact__empty">{noAnomalyText(status)}</span>
      ) : (
        <span className="fact__value" title={`Sensor ${anomaly.sensorId} · model ${anomaly.modelVersion}`}>
          <Badge tone={criticalityTone[anomaly.criticality]}>{anomaly.criticality}</Badge>
          <span className="num">{formatScore(anomaly.score)}</span>
          <span className="muted">{formatTime(anomaly.detectedAt)}</span>
        </span>
      )}
    </div>
  );
}
