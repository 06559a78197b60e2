import 'leaflet/dist/leaflet.css';
import { useMemo, type ChangeEvent, type ReactNode } from 'react';
import { Alert, Box, Breadcrumbs, Link, Skeleton, TextField, Typography } from '@mui/material';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { navKey, useCommonT } from '../../i18n/common';
import { useT } from '../../i18n/i18n';
import { useLive } from '../../live/LiveProvider';
import { FloorPlanView } from './FloorPlanView';
import { MapLegend } from './MapLegend';
import { mapMessages } from './messages';
import { sitePath } from './SiteMarker';
import { summariseSites, type SiteSummary } from './site-summary';
import { UnlocatedAssets } from './UnlocatedAssets';
import { WorldView } from './WorldView';

/**
 * `/map`: the sites on a world map; `/map/:siteId`: that site's floor plan with its assets coloured live. Both read
 * the monitoring WebSocket's state only (useLive), so colours change as the plant does, without polling.
 */
export function PlantMapPage() {
  const { siteId } = useParams();
  const { plant } = useLive();
  const t = useT(mapMessages);
  const geography = useMemo(() => summariseSites(plant.assets), [plant.assets]);
  const siteAssets = useMemo(() => (siteId === undefined ? [] : plant.assets.filter((a) => a.site === siteId)), [plant.assets, siteId]);

  let body: ReactNode;
  if (!plant.synced) {
    body = (
      <MapBox>
        <Skeleton variant="rectangular" sx={{ position: 'absolute', inset: 0, height: '100%' }} />
        <Typography sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center' }} color="text.secondary">
          {t('waiting')}
        </Typography>
      </MapBox>
    );
  } else if (siteId === undefined) {
    body = (
      <>
        {geography.sites.length === 0 && <Alert severity="info">{t('world.noSite')}</Alert>}
        {geography.sites.length > 0 && geography.sites.every((s) => s.position === null) && (
          <Alert severity="info">{t('world.noLocatedSite')}</Alert>
        )}
        <MapLegend criticality={false} />
        <MapBox>
          <WorldView sites={geography.sites} />
        </MapBox>
        <UnlocatedAssets assets={geography.unlocated} />
      </>
    );
  } else if (siteAssets.length === 0) {
    body = (
      <Alert severity="warning" data-testid="map-site-unknown">
        {t('site.unknown', { site: siteId })}{' '}
        <Link component={RouterLink} to="/map">
          {t('site.back')}
        </Link>
      </Alert>
    );
  } else {
    body = (
      <>
        <MapLegend criticality />
        <MapBox>
          <FloorPlanView site={siteId} assets={siteAssets} />
        </MapBox>
      </>
    );
  }

  return (
    <Box data-testid="page-map" sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, minWidth: 0 }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', justifyContent: 'space-between', gap: 1.5 }}>
        <MapBreadcrumb siteId={siteId} />
        <SiteSelect sites={geography.sites} siteId={siteId} />
      </Box>
      {body}
    </Box>
  );
}

/** The map fills what is left of the viewport under the app bar and this page's header, on desktop and tablet. */
function MapBox({ children }: { readonly children: ReactNode }) {
  return (
    <Box
      sx={{
        position: 'relative',
        height: 'max(360px, calc(100dvh - 215px))',
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        overflow: 'hidden',
        // Pinch-zoom and pan go to the map, not to the page.
        touchAction: 'none',
      }}
    >
      {children}
    </Box>
  );
}

function MapBreadcrumb({ siteId }: { readonly siteId: string | undefined }) {
  const t = useT(mapMessages);
  const common = useCommonT();
  return (
    <Breadcrumbs aria-label={t('breadcrumb.label')} data-testid="map-breadcrumb">
      {siteId === undefined ? (
        <Typography component="h1" variant="h1">
          {common(navKey('map'))}
        </Typography>
      ) : (
        <Link component={RouterLink} to="/map" underline="hover" color="inherit" variant="h1">
          {common(navKey('map'))}
        </Link>
      )}
      {siteId !== undefined && (
        <Typography component="h1" variant="h1" color="text.primary">
          {siteId}
        </Typography>
      )}
    </Breadcrumbs>
  );
}

/** A native select (usable with touch and by the browser tests): "all sites" is the world map, a site its floor plan. */
function SiteSelect({ sites, siteId }: { readonly sites: readonly SiteSummary[]; readonly siteId: string | undefined }) {
  const t = useT(mapMessages);
  const navigate = useNavigate();
  const names = sites.map((s) => s.site);
  // A site typed in the URL but not (yet) known still shows as selected.
  if (siteId !== undefined && !names.includes(siteId)) names.push(siteId);
  const onChange = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    void navigate(e.target.value === '' ? '/map' : sitePath(e.target.value));
  return (
    <TextField
      select
      size="small"
      label={t('site.select')}
      value={siteId ?? ''}
      onChange={onChange}
      sx={{ minWidth: 200 }}
      slotProps={{ select: { native: true }, inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'map-site-select' } }}
    >
      <option value="">{t('site.all')}</option>
      {names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </TextField>
  );
}
