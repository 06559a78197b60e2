import { memo, useMemo } from 'react';
import Box from '@mui/material/Box';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RulPredictionPayload } from '@vigie/contracts';
import { GRID_PROPS, timeAxisProps, timeLabel } from '../../components/chart-axes';
import { formatHours, formatPercent } from '../../format';
import { useLanguage, useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { useAssetHistory } from './asset-history';
import { assetMessages } from './messages';
import { Note, Panel } from './parts';
import { rulChart, rulSeries, type RulPoint } from './series';

interface RulHistoryBody {
  readonly assetId: string;
  readonly predictions: readonly RulPredictionPayload[];
}

/**
 * The asset's RUL over time (at each prediction's `asOf`, plant time) with its interval as a band, and the model
 * versions that made them. REST history merged with the latest prediction pushed live (`live`). An interval without an
 * upper bound is drawn open to the top of the plot and read "≥ lower" (rulChart).
 */
export const RulHistory = memo(function RulHistory({
  assetId,
  live,
}: {
  readonly assetId: string;
  readonly live: RulPredictionPayload | null;
}) {
  const t = useT(assetMessages);
  const { locale } = useLanguage();
  const { data, error, loading } = useAssetHistory<RulHistoryBody>('rul', assetId);
  const points = useMemo(() => rulSeries(data?.predictions ?? [], live === null ? [] : [live]), [data, live]);
  const chart = useMemo(() => rulChart(points), [points]);
  const latest = points.at(-1);
  const versions = useMemo(() => [...new Set(points.map((p) => p.modelVersion))], [points]);
  const bandName = latest === undefined ? '' : t('rul.band', { level: formatPercent(latest.level, locale) });
  return (
    <Panel title={t('rul.title')} testId="asset-rul-history" loading={loading && data === undefined} error={error}>
      {latest === undefined ? (
        <Note testId="rul-empty">{t('rul.empty')}</Note>
      ) : (
        <>
          <Box sx={{ height: 220 }} data-testid="rul-chart" data-points={points.length}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={chart.points as RulPoint[]} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid {...GRID_PROPS} />
                <XAxis {...timeAxisProps(points, locale)} />
                <YAxis
                  width={44}
                  interval={0}
                  tick={{ fontSize: 11 }}
                  tickFormatter={(v: number) => formatHours(v, locale)}
                  {...(chart.axis === null
                    ? { domain: [0, 'auto'] as const }
                    : { domain: [0, chart.axis.top] as const, ticks: chart.axis.ticks as number[] })}
                />
                <Tooltip
                  labelFormatter={timeLabel(locale)}
                  formatter={(v, _name, item) =>
                    !Array.isArray(v)
                      ? `${formatHours(Number(v), locale)} h`
                      : (item.payload as RulPoint | undefined)?.upperUnbounded === true
                        ? `≥ ${formatHours(Number(v[0]), locale)} h`
                        : `${formatHours(Number(v[0]), locale)} – ${formatHours(Number(v[1]), locale)} h`
                  }
                />
                <Area
                  type="linear"
                  dataKey="band"
                  name={bandName}
                  stroke="none"
                  fill={hmi.info}
                  fillOpacity={0.18}
                  isAnimationActive={false}
                />
                <Line
                  type="linear"
                  dataKey="rul"
                  name={t('rul.series')}
                  stroke={hmi.info}
                  strokeWidth={2}
                  dot={points.length < 40}
                  isAnimationActive={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          </Box>
          <Note testId="rul-latest">
            {t(latest.upperUnbounded ? 'rul.latestOpen' : 'rul.latest', {
              value: formatHours(latest.rul, locale),
              lower: formatHours(latest.band[0], locale),
              upper: formatHours(latest.band[1], locale),
              level: formatPercent(latest.level, locale),
              version: latest.modelVersion,
            })}
          </Note>
          {versions.length > 1 && <Note>{t('rul.models', { versions: versions.join(', ') })}</Note>}
        </>
      )}
    </Panel>
  );
});
