import { memo } from 'react';
import type { AssetHealth } from '@vigie/contracts';
import { Badge } from '../Badge';
import { assetStatusTone } from '../tones';
import { AnomalySummary } from './AnomalySummary';
import { HealthBar } from './HealthBar';
import { RulSummary } from './RulSummary';

export interface AssetCardProps {
  readonly asset: AssetHealth;
  readonly openWorkOrders: number;
}

/** Memoised: the reducer keeps untouched assets by identity, so one asset's update re-renders one card. */
export const AssetCard = memo(function AssetCard({ asset, openWorkOrders }: AssetCardProps) {
  const location = [asset.site, asset.area, asset.line].filter((part) => part !== '').join(' › ');
  return (
    <article
      className={`asset asset--${asset.status}`}
      data-testid="asset-card"
      data-asset-id={asset.id}
      data-status={asset.status}
    >
      <header className="asset__header">
        <div className="asset__titles">
          <h3 className="asset__name">{asset.name}</h3>
          <div className="asset__sub">
            <code>{asset.id}</code> · {asset.type}
          </div>
        </div>
        <Badge tone={assetStatusTone[asset.status]}>{asset.status}</Badge>
      </header>
      <div className="asset__location">{location || 'Location not reported yet'}</div>
      <HealthBar health={asset.health} />
      <div className="asset__facts">
        <AnomalySummary anomaly={asset.lastAnomaly} status={asset.status} />
        <RulSummary rul={asset.lastRul} status={asset.status} />
        <div className="fact" data-testid="asset-work-orders">
          <span className="fact__label">Work orders</span>
          <span className={`fact__value num ${openWorkOrders > 0 ? 'has-open' : 'muted'}`}>
            {openWorkOrders === 0 ? 'None open' : `${openWorkOrders} open`}
          </span>
        </div>
      </div>
    </article>
  );
});
