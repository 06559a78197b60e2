import { memo, useMemo } from 'react';
import type { LatLngTuple } from 'leaflet';
import { Marker, Tooltip } from 'react-leaflet';
import { useNavigate } from 'react-router';
import { healthKey, useCommonT } from '../../i18n/common';
import { useT } from '../../i18n/i18n';
import { markerIcon } from './marker-icon';
import { healthColour } from './marker-style';
import { mapMessages } from './messages';
import { HEALTH_STATES, type SiteSummary } from './site-summary';
import { hmi } from '../../theme';

const DIAMETER = 28;

/** Path of a site's floor plan; the site name is free text, so it is URL-encoded. */
export const sitePath = (site: string): string => `/map/${encodeURIComponent(site)}`;

/** A site on the world map, coloured by its worst asset; its tooltip counts assets per health state. */
export const SiteMarker = memo(function SiteMarker({ summary }: { readonly summary: SiteSummary }) {
  const navigate = useNavigate();
  const { site, position, worst } = summary;
  const latLng = useMemo<LatLngTuple>(() => [position?.latitude ?? 0, position?.longitude ?? 0], [position?.latitude, position?.longitude]);
  const icon = useMemo(
    () =>
      markerIcon({
        style: { fill: healthColour(worst), ring: hmi.surface, ringWidth: 0, diameter: DIAMETER },
        label: site,
        data: { testid: 'map-site', site, health: worst },
      }),
    [site, worst],
  );
  const handlers = useMemo(() => ({ click: () => void navigate(sitePath(site)) }), [navigate, site]);
  return (
    <Marker position={latLng} icon={icon} eventHandlers={handlers} keyboard riseOnHover>
      <Tooltip direction="top" offset={[0, -DIAMETER / 2]}>
        <SiteTooltip summary={summary} />
      </Tooltip>
    </Marker>
  );
});

function SiteTooltip({ summary }: { readonly summary: SiteSummary }) {
  const t = useT(mapMessages);
  const common = useCommonT();
  return (
    <div data-testid="map-site-tooltip">
      <strong>{summary.site}</strong>
      <div>{t('site.assets', { count: summary.assets })}</div>
      {HEALTH_STATES.map((state) => (
        <div key={state}>{t('site.count', { state: common(healthKey(state)), count: summary.counts[state] })}</div>
      ))}
      {summary.located < summary.assets && <div>{t('site.unlocated', { count: summary.assets - summary.located })}</div>}
      <em>{t('site.open')}</em>
    </div>
  );
}
