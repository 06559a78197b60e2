import type { AssetHealth } from '@vigie/contracts';
import { EmptyState } from '../EmptyState';
import { AssetCard } from './AssetCard';

export interface AssetGridProps {
  readonly assets: readonly AssetHealth[];
  readonly openWorkOrders: ReadonlyMap<string, number>;
  readonly synced: boolean;
}

export function AssetGrid({ assets, openWorkOrders, synced }: AssetGridProps) {
  if (assets.length === 0) {
    return (
      <EmptyState>
        {synced ? 'No asset registered yet — waiting for the first one to report.' : 'Waiting for the plant snapshot…'}
      </EmptyState>
    );
  }
  return (
    <div className="asset-grid">
      {assets.map((asset) => (
        <AssetCard key={asset.id} asset={asset} openWorkOrders={openWorkOrders.get(asset.id) ?? 0} />
      ))}
    </div>
  );
}
