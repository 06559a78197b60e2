import { memo, useMemo } from 'react';
import type { LatLngTuple } from 'leaflet';
import { Marker, Tooltip } from 'react-leaflet';
import { useNavigate } from 'react-router';
import type { AssetHealth, Criticality } from '@vigie/contracts';
import { criticalityKey, healthKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { markerIcon } from './marker-icon';
import { currentCriticality, markerStyle } from './marker-style';
import { mapMessages } from './messages';

export interface AssetMarkerProps {
  readonly asset: AssetHealth;
  readonly position: LatLngTuple;
}

/**
 * One machine on the floor plan, coloured live by its health and ringed by the criticality of its current anomaly.
 * Memoised: the live state keeps untouched assets by identity, so one asset's update redraws one marker. Its dot
 * carries `data-testid="map-asset"`, `data-asset-id` and `data-health` for the browser tests.
 */
export const AssetMarker = memo(function AssetMarker({ asset, position }: AssetMarkerProps) {
  const navigate = useNavigate();
  const criticality = currentCriticality(asset);
  const style = markerStyle(asset.status, criticality);
  const icon = useMemo(
    () =>
      markerIcon({
        style: markerStyle(asset.status, criticality),
        label: asset.id,
        data: { testid: 'map-asset', 'asset-id': asset.id, health: asset.status, criticality: criticality ?? 'none' },
      }),
    [asset.id, asset.status, criticality],
  );
  const handlers = useMemo(() => ({ click: () => void navigate(`/assets/${encodeURIComponent(asset.id)}`) }), [navigate, asset.id]);
  return (
    <Marker position={position} icon={icon} eventHandlers={handlers} keyboard riseOnHover>
      <Tooltip direction="top" offset={[0, -style.diameter / 2]}>
        <AssetTooltip asset={asset} criticality={criticality} />
      </Tooltip>
    </Marker>
  );
});

function AssetTooltip({ asset, criticality }: { readonly asset: AssetHealth; readonly criticality: Criticality | null }) {
  const t = useT(mapMessages);
  const common = useCommonT();
  const { locale } = useLanguage();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = (digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const rul = asset.lastRul;
  return (
    <div data-testid="map-asset-tooltip">
      <strong>{asset.name}</strong> <code>{asset.id}</code>
      <div>{t('tooltip.state', { state: common(healthKey(asset.status)) })}</div>
      <div>{asset.health === null ? t('tooltip.healthUnknown') : t('tooltip.health', { value: percent.format(asset.health) })}</div>
      <div>
        {asset.lastAnomaly === null ? t('tooltip.noAnomaly') : t('tooltip.score', { score: decimal(2).format(asset.lastAnomaly.score) })}
      </div>
      {criticality !== null && <div>{t('tooltip.criticality', { criticality: common(criticalityKey(criticality)) })}</div>}
      <div>
        {rul === null
          ? t('tooltip.noRul')
          : t(rul.upperUnbounded === true ? 'tooltip.rulOpen' : 'tooltip.rul', {
              rul: decimal(0).format(rul.rul),
              lower: decimal(0).format(rul.lower),
              upper: decimal(0).format(rul.upper),
            })}
      </div>
      <em>{t('tooltip.open')}</em>
    </div>
  );
}
