import { memo, useMemo } from 'react';
import Box from '@mui/material/Box';
import type { AssetHealth } from '@vigie/contracts';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatHours } from '../../format';
import { useLanguage, useT } from '../../i18n/i18n';
import { hmi, toneColors, type Tone } from '../../theme';
import { overviewMessages } from './messages';
import { lowestRul, rulHistogram, withoutRul, type RulBucketId } from './overview-stats';
import { Empty, Loading, Section } from './parts';

/** Urgency colours: less than a day is an alarm, less than a week a warning; beyond is informative. */
const BUCKET_TONE: Readonly<Record<RulBucketId, Tone>> = { day: 'alarm', threeDays: 'warn', week: 'warn', month: 'info', later: 'ok' };
const LOWEST_SHOWN = 5;

/** Histogram of each asset's latest RUL, and the assets closest to failure. */
export function RulDistribution({ assets, synced }: { readonly assets: readonly AssetHealth[]; readonly synced: boolean }) {
  const t = useT(overviewMessages);
  const { locale } = useLanguage();
  const buckets = rulHistogram(assets);
  // The chart's data keeps its identity while the counts stay the same, so live RUL updates that move no asset to
  // another bucket do not redraw the chart (50 assets updating every second must not drop frames).
  const countsKey = buckets.map((b) => `${b.id}:${b.count}`).join(',');
  const data = useMemo(
    () => buckets.map((b) => ({ id: b.id, label: t(`bucket.${b.id}`), count: b.count })),
    [countsKey, t], // countsKey stands for buckets
  );
  const missing = withoutRul(assets);
  const lowest = lowestRul(assets, LOWEST_SHOWN);
  return (
    <Section
      testId="rul-distribution"
      title={t('rulDistribution')}
      aside={
        synced &&
        missing > 0 && (
          <Box component="span" sx={{ color: 'text.secondary', fontSize: 13 }}>
            {t('rulWithout', { count: missing })}
          </Box>
        )
      }
    >
      {!synced ? (
        <Loading rows={1} height={180} />
      ) : lowest.length === 0 ? (
        <Empty>{t('rulNone')}</Empty>
      ) : (
        <>
          <RulChart data={data} axisLabel={t('rulAxis')} />
          <Box component="dl" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, m: 0, fontSize: 12 }}>
            {buckets.map((b) => (
              <Box key={b.id} data-testid={`rul-bucket-${b.id}`} data-count={b.count} sx={{ display: 'flex', gap: 0.5 }}>
                <Box component="dt" sx={{ color: 'text.secondary' }}>
                  {t(`bucket.${b.id}`)}
                </Box>
                <Box component="dd" sx={{ m: 0, fontWeight: 600 }}>
                  {b.count}
                </Box>
              </Box>
            ))}
          </Box>
          <Box component="h3" sx={{ fontSize: 13, fontWeight: 650, m: 0, mt: 0.5 }}>
            {t('lowestRul')}
          </Box>
          <Box component="ol" sx={{ m: 0, pl: 2.5, fontSize: 13 }}>
            {lowest.map((a) => (
              <li key={a.id} data-testid="lowest-rul-row" data-asset-id={a.id}>
                <Link to={`/assets/${encodeURIComponent(a.id)}`}>{a.name}</Link>{' '}
                <Box component="strong" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  {t('hours', { value: formatHours(a.lastRul?.rul ?? 0, locale) })}
                </Box>
              </li>
            ))}
          </Box>
        </>
      )}
    </Section>
  );
}

type ChartDatum = { readonly id: RulBucketId; readonly label: string; readonly count: number };

const RulChart = memo(function RulChart({ data, axisLabel }: { readonly data: readonly ChartDatum[]; readonly axisLabel: string }) {
  return (
    <Box sx={{ width: '100%', height: 180 }} role="img" aria-label={data.map((d) => `${d.label}: ${d.count}`).join(', ')}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 180 }}>
        <BarChart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke={hmi.border} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: hmi.muted }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: hmi.muted }} />
          <Tooltip formatter={(value) => [value, axisLabel]} />
          <Bar dataKey="count" isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.id} fill={toneColors[BUCKET_TONE[d.id]].fg} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
});
