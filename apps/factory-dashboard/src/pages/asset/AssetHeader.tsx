import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { AssetHealth } from '@vigie/contracts';
import { formatHours, formatPercent, formatScore } from '../../format';
import { criticalityKey, healthKey, useCommonT } from '../../i18n/common';
import { Muted } from '../../components/states';
import { useLanguage, useT } from '../../i18n/i18n';
import { criticalityTone, healthTone, healthValueTone, hmi, monoFont, toneColors } from '../../theme';
import { assetMessages } from './messages';
import { ToneChip } from './parts';

/**
 * Who the asset is and how it is now, from the live plant state: name, type, site › area › line, health, the
 * criticality of its latest anomaly, its current RUL with the interval, and its open work orders.
 */
export function AssetHeader({ asset, openWorkOrders }: { readonly asset: AssetHealth; readonly openWorkOrders: number }) {
  const t = useT(assetMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const location = [asset.site, asset.area, asset.line].filter((part) => part !== '').join(' › ');
  const tone = healthTone[asset.status];
  const anomaly = asset.lastAnomaly;
  const rul = asset.lastRul;
  return (
    <Paper
      component="header"
      data-testid="asset-header"
      data-status={asset.status}
      sx={{
        p: 1.5,
        borderLeft: `4px solid ${tone === 'neutral' ? hmi.border : toneColors[tone].fg}`,
        display: 'flex',
        flexDirection: 'column',
        gap: 1,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h1" component="h1" data-testid="asset-name">
          {asset.name}
        </Typography>
        <Box component="code" sx={{ fontFamily: monoFont, color: 'text.secondary' }}>
          {asset.id}
        </Box>
        <ToneChip tone={tone} testId="asset-status">
          {tc(healthKey(asset.status))}
        </ToneChip>
      </Box>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, minmax(0, 1fr))', md: 'repeat(3, minmax(0, 1fr))' },
          gap: 1,
        }}
      >
        <Fact label={t('header.type')}>{asset.type}</Fact>
        <Fact label={t('header.location')}>{location || t('header.noLocation')}</Fact>
        <Fact label={t('header.health')} testId="asset-health">
          <Box component="span" sx={{ color: toneColors[healthValueTone(asset.health)].fg, fontWeight: 600 }}>
            {formatPercent(asset.health, locale)}
          </Box>
        </Fact>
        <Fact label={t('header.criticality')} testId="asset-criticality">
          {anomaly === null ? (
            <Muted>{t('header.noAnomaly')}</Muted>
          ) : (
            <Box component="span" sx={{ display: 'inline-flex', gap: 0.75, alignItems: 'center' }}>
              <ToneChip tone={criticalityTone[anomaly.criticality]}>{tc(criticalityKey(anomaly.criticality))}</ToneChip>
              <span>{formatScore(anomaly.score, locale)}</span>
            </Box>
          )}
        </Fact>
        <Fact label={t('header.rul')} testId="asset-rul">
          {rul === null ? (
            <Muted>{t('header.noRul')}</Muted>
          ) : (
            <span>
              <strong>{t('header.rulValue', { value: formatHours(rul.rul, locale) })}</strong>{' '}
              <Muted>
                {t(rul.upperUnbounded === true ? 'header.rulIntervalOpen' : 'header.rulInterval', {
                  lower: formatHours(rul.lower, locale),
                  upper: formatHours(rul.upper, locale),
                  level: formatPercent(rul.level, locale),
                })}
              </Muted>{' '}
              <Muted>· {t('header.model', { version: rul.modelVersion })}</Muted>
            </span>
          )}
        </Fact>
        <Fact label={t('header.openWorkOrders')} testId="asset-open-work-orders">
          {openWorkOrders}
        </Fact>
      </Box>
    </Paper>
  );
}

function Fact({ label, testId, children }: { readonly label: string; readonly testId?: string; readonly children: ReactNode }) {
  return (
    <Box data-testid={testId} sx={{ minWidth: 0, fontVariantNumeric: 'tabular-nums' }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box sx={{ fontSize: 14, overflowWrap: 'anywhere' }}>{children}</Box>
    </Box>
  );
}
