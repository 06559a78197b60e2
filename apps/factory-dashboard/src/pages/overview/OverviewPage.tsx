import { memo, useMemo } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useT } from '../../i18n/i18n';
import { useLive } from '../../live/LiveProvider';
import { countOpenWorkOrders, type PlantState } from '../../state/plant-state';
import { FleetHealth } from './FleetHealth';
import { overviewMessages } from './messages';
import { OpenAlerts } from './OpenAlerts';
import { RecentAnomalies } from './RecentAnomalies';
import { RulDistribution } from './RulDistribution';
import { WorkOrdersPanel } from './WorkOrdersPanel';

// Panels re-render only when their own props change (an asset update leaves alerts and work orders alone).
const WorkOrdersPanelMemo = memo(WorkOrdersPanel);
const OpenAlertsMemo = memo(OpenAlerts);
const RulDistributionMemo = memo(RulDistribution);
const FleetHealthMemo = memo(FleetHealth);
const RecentAnomaliesMemo = memo(RecentAnomalies);

/** The plant at a glance, all from the live monitoring feed. */
export function OverviewPage() {
  const { plant } = useLive();
  return <OverviewContent plant={plant} />;
}

/** The overview for a given plant state (the page feeds it the live one; tests feed it reducer output). */
export function OverviewContent({ plant }: { readonly plant: PlantState }) {
  const t = useT(overviewMessages);
  // Stable while what they derive from is unchanged, so the memoised panels skip the renders of live asset updates.
  const { workOrders, assets } = plant;
  const openByAsset = useMemo(() => countOpenWorkOrders({ workOrders }), [workOrders]);
  const namesKey = assets.map((a) => `${a.id}\u0000${a.name}`).join('\u0001');
  const assetNames = useMemo(
    () => new Map(namesKey === '' ? [] : namesKey.split('\u0001').map((pair) => pair.split('\u0000') as [string, string])),
    [namesKey],
  );
  return (
    <Box data-testid="page-overview" data-synced={plant.synced} sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, minWidth: 0 }}>
      <Typography variant="h1" component="h1">
        {t('title')}
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gap: 1.5,
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 3fr) minmax(0, 2fr)' },
          alignItems: 'start',
        }}
      >
        <WorkOrdersPanelMemo workOrders={plant.workOrders} assetNames={assetNames} synced={plant.synced} />
        <Box sx={{ display: 'grid', gap: 1.5, minWidth: 0 }}>
          <OpenAlertsMemo alerts={plant.alerts} synced={plant.synced} />
          <RulDistributionMemo assets={plant.assets} synced={plant.synced} />
        </Box>
      </Box>
      <FleetHealthMemo assets={plant.assets} openByAsset={openByAsset} synced={plant.synced} />
      <RecentAnomaliesMemo anomalies={plant.recentAnomalies} assetNames={assetNames} synced={plant.synced} />
    </Box>
  );
}
