import type { AnomalyDetectedPayload } from '@vigie/contracts';
import { formatScore, formatSigma, formatTime } from '../format';
import { Badge } from './Badge';
import { EmptyState } from './EmptyState';
import { criticalityTone } from './tones';

export interface AnomalyListProps {
  readonly anomalies: readonly AnomalyDetectedPayload[];
  readonly assetNames: ReadonlyMap<string, string>;
}

/** Newest first; the strongest contributor says which feature moved, which is what a technician checks first. */
export function AnomalyList({ anomalies, assetNames }: AnomalyListProps) {
  if (anomalies.length === 0) return <EmptyState>Waiting for the first anomaly to be detected…</EmptyState>;
  return (
    <ol className="feed">
      {anomalies.map((a) => {
        const top = a.contributors[0];
        return (
          <li key={a.anomalyId} className="feed__item" data-testid="anomaly-item">
            <Badge tone={criticalityTone[a.criticality]}>{a.criticality}</Badge>
            <div className="feed__main">
              <div className="feed__title">
                {assetNames.get(a.assetId) ?? a.assetId} <span className="muted">· {a.sensorId}</span>
              </div>
              <div className="muted small">
                score <span className="num">{formatScore(a.score)}</span>
                {top && (
                  <>
                    {' '}
                    · {top.feature} <span className="num">{formatSigma(top.z)}</span>
                  </>
                )}
              </div>
            </div>
            <time className="feed__time num" dateTime={new Date(a.detectedAt).toISOString()}>
              {formatTime(a.detectedAt)}
            </time>
          </li>
        );
      })}
    </ol>
  );
}
