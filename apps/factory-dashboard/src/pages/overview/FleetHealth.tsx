import Box from '@mui/material/Box';
import type { AssetHealth } from '@vigie/contracts';
import { healthKey, useCommonT } from '../../i18n/common';
import { useT } from '../../i18n/i18n';
import { healthTone } from '../../theme';
import { AssetCard } from './AssetCard';
import { overviewMessages } from './messages';
import { countByHealth, HEALTH_STATES } from './overview-stats';
import { Empty, Loading, Section, ToneChip } from './parts';

export interface FleetHealthProps {
  readonly assets: readonly AssetHealth[];
  readonly openByAsset: ReadonlyMap<string, number>;
  readonly synced: boolean;
}

/** Assets per health state, then one card per asset in the plant's layout order (site, area, line): cards that jump when a status changes lose the operator. */
export function FleetHealth({ assets, openByAsset, synced }: FleetHealthProps) {
  const t = useT(overviewMessages);
  const tc = useCommonT();
  const counts = countByHealth(assets);
  return (
    <Section
      testId="fleet-health"
      title={t('fleetHealth')}
      aside={
        synced && (
          <Box sx={{ display: 'flex', gap: 0.75, flexWrap: 'wrap', alignItems: 'center' }}>
            <Box component="span" sx={{ color: 'text.secondary', fontSize: 13 }}>
              {t('assetsTotal', { count: assets.length })}
            </Box>
            {HEALTH_STATES.map((s) => (
              <Box key={s} component="span" data-testid={`health-count-${s}`} data-count={counts[s]}>
                <ToneChip tone={counts[s] === 0 ? 'neutral' : healthTone[s]}>
                  {tc(healthKey(s))} · {counts[s]}
                </ToneChip>
              </Box>
            ))}
          </Box>
        )
      }
    >
      {!synced ? (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 1 }}>
          <Loading rows={1} height={150} />
          <Loading rows={1} height={150} />
          <Loading rows={1} height={150} />
        </Box>
      ) : assets.length === 0 ? (
        <Empty>{t('noAssets')}</Empty>
      ) : (
        <Box data-testid="asset-grid" sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 1 }}>
          {assets.map((a) => (
            <AssetCard key={a.id} asset={a} openWorkOrders={openByAsset.get(a.id) ?? 0} />
          ))}
        </Box>
      )}
    </Section>
  );
}
