import { useEffect, useMemo } from 'react';
import { canvas, latLngBounds, svg, type PathOptions, type Renderer } from 'leaflet';
import { GeoJSON, MapContainer, useMap } from 'react-leaflet';
import { Alert, Box } from '@mui/material';
import { useLanguage, useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { InvalidateOnResize } from './InvalidateOnResize';
import { mapMessages } from './messages';
import { SiteMarker } from './SiteMarker';
import type { SiteSummary } from './site-summary';
import { useWorldCountries } from './world-basemap';

/** Neutral basemap: pale land on a grey-blue sea, thin borders; colour is kept for health. */
const SEA = '#dde5ec';
const COUNTRY_STYLE: PathOptions = { color: '#aab4be', weight: 0.7, fillColor: hmi.surface2, fillOpacity: 1 };
/** Close enough to see the region around a site; the 1:50m basemap has no detail beyond it. */
const SITE_ZOOM = 6;

/**
 * The ~240 countries go on one canvas: cheaper than hundreds of SVG paths, and Chromium's software rasteriser leaves
 * parts of such a large SVG layer unpainted. SVG only where there is no 2D canvas (e.g. a DOM without one).
 */
function basemapRenderer(): Renderer {
  const hasCanvas = typeof document !== 'undefined' && document.createElement('canvas').getContext('2d') !== null;
  return hasCanvas ? canvas({ padding: 0.2 }) : svg({ padding: 0.2 });
}

/** Fits the view to the sites when the set of sites changes (not on every live update: it would fight the user). */
function FitToSites({ sites }: { readonly sites: readonly SiteSummary[] }) {
  const map = useMap();
  const key = sites.map((s) => s.site).join('\u0000');
  useEffect(() => {
    const points = sites.flatMap((s) => (s.position === null ? [] : [[s.position.latitude, s.position.longitude] as [number, number]]));
    if (points.length === 1) map.setView(points[0] as [number, number], SITE_ZOOM);
    else if (points.length > 1) map.fitBounds(latLngBounds(points), { padding: [48, 48], maxZoom: SITE_ZOOM });
    // Only the set of sites matters; their centroids move a little as assets are described.
  }, [map, key]);
  return null;
}

/** The world map: local vector basemap (world-atlas countries) and one marker per located site. */
export function WorldView({ sites }: { readonly sites: readonly SiteSummary[] }) {
  const t = useT(mapMessages);
  const { language } = useLanguage();
  const located = useMemo(() => sites.filter((s) => s.position !== null), [sites]);
  const renderer = useMemo(basemapRenderer, []);
  const basemap = useWorldCountries();
  return (
    <Box
      data-testid="map-world"
      data-basemap={basemap.countries === null ? 'loading' : 'ready'}
      role="region"
      aria-label={t('world.label')}
      sx={{ height: '100%', width: '100%', position: 'relative' }}
    >
      {basemap.error !== null && (
        <Alert severity="warning" sx={{ position: 'absolute', top: 8, right: 8, zIndex: 1000 }}>
          {t('world.basemapError', { message: basemap.error })}
        </Alert>
      )}
      <MapContainer
        center={[30, 10]}
        zoom={2}
        minZoom={2}
        maxZoom={10}
        worldCopyJump
        renderer={renderer}
        style={{ height: '100%', width: '100%', background: SEA }}
      >
        <InvalidateOnResize />
        {basemap.countries !== null && (
          <GeoJSON key={language} data={basemap.countries} style={COUNTRY_STYLE} interactive={false} attribution={t('world.attribution')} />
        )}
        <FitToSites sites={located} />
        {located.map((summary) => (
          <SiteMarker key={summary.site} summary={summary} />
        ))}
      </MapContainer>
    </Box>
  );
}
