import type { AnomalyDetectedPayload } from '@vigie/contracts';
import { formatScore, formatTime } from '../../format';
import { Badge } from '../Badge';
import { criticalityTone } from '../tones';

/** The asset's latest anomaly: how bad (criticality, score), on which sensor, and when. */
export function AnomalySummary({ anomaly }: { readonly anomaly: AnomalyDetectedPayload | null }) {
  return (
    <div className="fact" data-testid="asset-anomaly">
      <span className="fact__label">Anomaly</span>
      {anomaly === null ? (
        <span className="fact__empty">No anomaly detected yet</span>
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
