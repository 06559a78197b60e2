import { memo, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import Typography from '@mui/material/Typography';
import type { AssetHealth } from '@vigie/contracts';
import { Link } from 'react-router';
import { formatHours, formatPercent, formatScore, formatTime } from '../../format';
import { criticalityKey, healthKey, useCommonT } from '../../i18n/common';
import { Muted } from '../../components/states';
import { useLanguage, useT } from '../../i18n/i18n';
import { criticalityTone, healthTone, healthValueTone, hmi, monoFont, toneColors } from '../../theme';
import { noAnomalyKey, noRulKey } from './empty-facts';
import { overviewMessages } from './messages';
import { ToneChip } from './parts';

export interface AssetCardProps {
  readonly asset: AssetHealth;
  /** Counted from the open list (not `asset.openWorkOrders`) so the card agrees with the table beside it. */
  readonly openWorkOrders: number;
}

/** One asset: health, latest anomaly, latest RUL, open orders; the whole card links to the asset's page. */
export const AssetCard = memo(function AssetCard({ asset, openWorkOrders }: AssetCardProps) {
  const t = useT(overviewMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const location = [asset.site, asset.area, asset.line].filter((part) => part !== '').join(' › ');
  const anomaly = asset.lastAnomaly;
  const rul = asset.lastRul;
  const tone = healthTone[asset.status];
  return (
    <Card
      data-testid="asset-card"
      data-asset-id={asset.id}
      data-status={asset.status}
      sx={{ borderLeft: `4px solid ${tone === 'neutral' ? hmi.border : toneColors[tone].fg}`, minWidth: 0 }}
    >
      <CardActionArea
        component={Link}
        to={`/assets/${encodeURIComponent(asset.id)}`}
        sx={{ p: 1.25, display: 'flex', flexDirection: 'column', alignItems: 'stretch', gap: 0.75 }}
      >
        <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, alignItems: 'flex-start' }}>
          <Box sx={{ minWidth: 0 }}>
            <Typography variant="h3" component="h3" noWrap title={asset.name}>
              {asset.name}
            </Typography>
            <Typography variant="caption" color="text.secondary" noWrap component="div">
              <Box component="code" sx={{ fontFamily: monoFont }}>
                {asset.id}
              </Box>{' '}
              · {asset.type}
            </Typography>
          </Box>
          <ToneChip tone={tone}>{tc(healthKey(asset.status))}</ToneChip>
        </Box>
        <Typography variant="caption" color="text.secondary" noWrap>
          {location || t('card.noLocation')}
        </Typography>
        <HealthGauge health={asset.health} />
        <Fact label={t('card.anomaly')} testId="asset-anomaly" extra={anomaly === null ? {} : { 'data-criticality': anomaly.criticality }}>
          {anomaly === null ? (
            <Muted>{t(noAnomalyKey(asset.status))}</Muted>
          ) : (
            <Box
              component="span"
              sx={{ display: 'inline-flex', gap: 0.75, alignItems: 'center' }}
              title={t('card.sensorModel', { sensor: anomaly.sensorId, model: anomaly.modelVersion })}
            >
              <ToneChip tone={criticalityTone[anomaly.criticality]}>{tc(criticalityKey(anomaly.criticality))}</ToneChip>
              <span>{formatScore(anomaly.score, locale)}</span>
              <Muted>{formatTime(anomaly.detectedAt, locale)}</Muted>
            </Box>
          )}
        </Fact>
        <Fact label={t('card.rul')} testId="asset-rul">
          {rul === null ? (
            <Muted>{t(noRulKey(asset.status))}</Muted>
          ) : (
            <span title={t('card.model', { version: rul.modelVersion })}>
              <strong>{t('hours', { value: formatHours(rul.rul, locale) })}</strong>{' '}
              <Muted>
                {t(rul.upperUnbounded === true ? 'card.rulIntervalOpen' : 'card.rulInterval', {
                  lower: formatHours(rul.lower, locale),
                  upper: formatHours(rul.upper, locale),
                  level: formatPercent(rul.level, locale),
                })}
              </Muted>
            </span>
          )}
        </Fact>
        <Fact label={t('card.workOrders')} testId="asset-work-orders">
          {openWorkOrders === 0 ? <Muted>{t('card.noneOpen')}</Muted> : <strong>{t('card.open', { count: openWorkOrders })}</strong>}
        </Fact>
      </CardActionArea>
    </Card>
  );
});

function Fact({
  label,
  testId,
  extra = {},
  children,
}: {
  readonly label: string;
  readonly testId: string;
  readonly extra?: Readonly<Record<string, string>>;
  readonly children: ReactNode;
}) {
  return (
    <Box
      data-testid={testId}
      {...extra}
      sx={{
        display: 'grid',
        gridTemplateColumns: '96px 1fr',
        gap: 1,
        fontSize: 13,
        alignItems: 'baseline',
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Box component="span" sx={{ minWidth: 0 }}>
        {children}
      </Box>
    </Box>
  );
}

/** Health 0–1 as a gauge; an empty track with "—" when the service has no figure yet. */
function HealthGauge({ health }: { readonly health: number | null }) {
  const t = useT(overviewMessages);
  const { locale } = useLanguage();
  const label = formatPercent(health, locale);
  const { fg } = toneColors[healthValueTone(health)];
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '96px 1fr 40px', gap: 1, alignItems: 'center' }}>
      <Typography variant="caption" color="text.secondary">
        {t('card.health')}
      </Typography>
      <Box
        role="meter"
        aria-label={t('card.healthAria')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={health === null ? undefined : Math.round(health * 100)}
        aria-valuetext={health === null ? t('card.healthUnknown') : label}
        sx={{ height: 8, borderRadius: 4, bgcolor: hmi.neutralBg, overflow: 'hidden' }}
      >
        <Box sx={{ width: `${(health ?? 0) * 100}%`, height: '100%', bgcolor: fg }} />
      </Box>
      <Typography variant="caption" sx={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
        {label}
      </Typography>
    </Box>
  );
}
