import type { AssetHealth, RulPredictionPayload } from '@vigie/contracts';
import { formatHours, formatPercent } from '../../format';
import { noRulText } from './empty-facts';

export interface RulSummaryProps {
  readonly rul: RulPredictionPayload | null;
  /** Words the empty state: a healthy asset without a prediction is not "waiting". */
  readonly status: AssetHealth['status'];
}

/** Remaining useful life with its interval and coverage: a point estimate alone would overstate the certainty. */
export function RulSummary({ rul, status }: RulSummaryProps) {
  return (
    <div className="fact" data-testid="asset-rul">
      <span className="fact__label">RUL</span>
      {rul === null ? (
        <span className="fact__empty">{noRulText(status)}</span>
      ) : (
        <span className="fact__value fact__value--stack">
          <span>
            <strong className="num">{formatHours(rul.rul)} h</strong>{' '}
            <span className="num muted">
              [{formatHours(rul.lower)} – {formatHours(rul.upper)}] at {formatPercent(rul.level)}
            </span>
          </span>
          <span className="muted small">model {rul.modelVersion}</span>
        </span>
      )}
    </div>
  );
}
