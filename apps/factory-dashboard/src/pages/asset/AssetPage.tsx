import { Link as RouterLink, useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import type { Asset, AssetHealth } from '@vigie/contracts';
import { useApi } from '../../api/use-api';
import { useT } from '../../i18n/i18n';
import { useLive } from '../../live/LiveProvider';
import { AnomalyScores } from './AnomalyScores';
import { AssetHeader } from './AssetHeader';
import { AssetWorkOrders } from './AssetWorkOrders';
import { FeatureTrends } from './FeatureTrends';
import { assetMessages } from './messages';
import { ErrorLine } from './parts';
import { RulHistory } from './RulHistory';
import { SensorCharts } from './SensorCharts';
import { useStable } from './use-stable';

/**
 * The asset page (`/assets/:assetId`): who the asset is and how it is now (live), its sensors live, its feature
 * trends, anomaly scores against their thresholds with the evidence of each anomaly, its RUL with the interval over
 * time, and its work orders. Mounted once per asset id, so moving to another asset starts from a clean state.
 */
export function AssetPage() {
  const { assetId } = useParams();
  if (assetId === undefined || assetId === '') return <NotFound assetId="" />;
  return <AssetView key={assetId} assetId={assetId} />;
}

/** GET /api/v1/ingestion/assets: ingestion's registry, the authority on which assets exist. */
interface AssetRegistry {
  readonly assets: readonly Asset[];
}

function AssetView({ assetId }: { readonly assetId: string }) {
  const t = useT(assetMessages);
  const { plant } = useLive();
  const registry = useApi<AssetRegistry>('/api/v1/ingestion/assets');
  const described = registry.data?.assets.find((a) => a.id === assetId);
  // The live state describes the asset once monitoring has seen it; until then ingestion's description stands in.
  const asset = plant.assets.find((a) => a.id === assetId) ?? (described === undefined ? undefined : healthUnknown(described));
  // The live state rebuilds these objects on every message; keyed by what they hold, the memo()-ed panels below
  // redraw only when it changes.
  const mine = plant.recentAnomalies.filter((a) => a.assetId === assetId);
  const withLast = asset?.lastAnomaly ? [...mine, asset.lastAnomaly] : mine;
  const liveAnomalies = useStable(withLast, withLast.map((a) => `${a.anomalyId}@${a.criticality}`).join(','));
  const lastAnomaly = useStable(asset?.lastAnomaly ?? null, asset?.lastAnomaly?.anomalyId ?? '');
  const lastRul = useStable(asset?.lastRul ?? null, asset?.lastRul?.predictionId ?? '');
  const orders = plant.workOrders.filter((w) => w.assetId === assetId);
  const liveOrders = useStable(orders, orders.map((w) => `${w.id}@${w.updatedAt}`).join(','));
  const sensorIds = (asset?.sensors ?? []).map((s) => s.id).sort();
  const sensors = useStable(sensorIds, sensorIds.join(','));

  if (asset === undefined && registry.data !== undefined) return <NotFound assetId={assetId} />;
  return (
    <Box
      data-testid="page-asset"
      data-asset-id={assetId}
      sx={{ p: { xs: 1, sm: 2 }, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 1.5 }}
    >
      {registry.error !== undefined && asset === undefined && <ErrorLine error={registry.error} />}
      {asset === undefined ? (
        <Skeleton variant="rounded" height={96} data-testid="asset-header-loading" />
      ) : (
        <AssetHeader asset={asset} openWorkOrders={liveOrders.length} />
      )}
      {/* Panels wait until the asset is known to exist (no request for an asset that is not there). Two columns on a
          wide screen, one below 900 px (the theme's md), where the charts stack. */}
      {asset === undefined && registry.error === undefined ? (
        <Skeleton variant="rounded" height={240} aria-label={t('loading')} />
      ) : (
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' }, gap: 1.5 }}>
          <SensorCharts assetId={assetId} />
          <AnomalyScores assetId={assetId} live={liveAnomalies} />
          <RulHistory assetId={assetId} live={lastRul} />
          <FeatureTrends assetId={assetId} sensors={sensors} lastAnomaly={lastAnomaly} />
          <AssetWorkOrders assetId={assetId} live={liveOrders} />
        </Box>
      )}
    </Box>
  );
}

/** An asset ingestion knows but monitoring has not assessed yet: described, health unknown. */
function healthUnknown(asset: Asset): AssetHealth {
  return { ...asset, health: null, status: 'unknown', lastAnomaly: null, lastRul: null, openWorkOrders: 0 };
}

function NotFound({ assetId }: { readonly assetId: string }) {
  const t = useT(assetMessages);
  return (
    <Box data-testid="page-asset" data-not-found="true" sx={{ p: { xs: 1, sm: 2 } }}>
      <Alert severity="warning" data-testid="asset-not-found">
        <AlertTitle>{t('notFound.title')}</AlertTitle>
        {t('notFound.body', { id: assetId })}{' '}
        <Link component={RouterLink} to="/">
          {t('notFound.back')}
        </Link>
      </Alert>
    </Box>
  );
}
