import { memo, useEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { timeAxisProps, timeLabel, valueAxisProps } from '../../components/chart-axes';
import { useLanguage, useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { formatValue } from './chart-format';
import { assetMessages } from './messages';
import { Note, Panel } from './parts';
import type { SeriesPoint } from './ring-buffer';
import { downsampleMinMax } from './series';
import { useSensorStream, type SensorStream } from './use-sensor-stream';

/** Windows offered, in minutes of plant time; the ring holds RING_CAPACITY readings, enough for 3 h at 12 s. */
export const SENSOR_WINDOWS = [15, 60, 180] as const;
/** Points drawn per chart at most (2 per bucket: min and max). */
const BUCKETS = 100;
/**
 * Delay between the redraws of consecutive tiles after new points: each chart redraws in its own task, so a refresh of
 * every sensor never holds the main thread for one long task (measured: whole-panel redraws cost dropped frames).
 */
const STAGGER_MS = 60;

/** One small live chart per sensor of the asset: REST history, then live points, the last `window` minutes. */
export const SensorCharts = memo(function SensorCharts({ assetId }: { readonly assetId: string }) {
  const t = useT(assetMessages);
  const { sensors, version, loading, error } = useSensorStream(assetId);
  const [windowMin, setWindowMin] = useState<number>(60);
  const aside = (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={windowMin}
      onChange={(_, v: number | null) => v !== null && setWindowMin(v)}
      aria-label={t('sensors.window')}
    >
      {SENSOR_WINDOWS.map((m) => (
        <ToggleButton key={m} value={m} data-testid={`sensor-window-${m}`}>
          {m < 60 ? t('sensors.minutes', { count: m }) : t('sensors.hours', { count: m / 60 })}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
  return (
    <Panel title={t('sensors.title')} aside={aside} testId="asset-sensors" loading={loading && sensors.length === 0} error={error} wide>
      {sensors.length === 0 ? (
        <Note>{t('sensors.empty')}</Note>
      ) : (
        <>
          <Box
            sx={{
              display: 'grid',
              gridTemplateColumns: { xs: '1fr', md: 'repeat(2, minmax(0, 1fr))', lg: 'repeat(3, minmax(0, 1fr))' },
              gap: 1,
            }}
          >
            {sensors.map((s, i) => (
              <SensorTile key={s.sensorId} stream={s} windowMs={windowMin * 60_000} version={version} delayMs={i * STAGGER_MS} />
            ))}
          </Box>
          <Note>{t('sensors.timeNote')}</Note>
        </>
      )}
    </Panel>
  );
});

/** `version` changes when the ring gained points; the tile recomputes its series only then (or on a new window). */
const SensorTile = memo(function SensorTile({
  stream,
  windowMs,
  version,
  delayMs,
}: {
  readonly stream: SensorStream;
  readonly windowMs: number;
  readonly version: number;
  readonly delayMs: number;
}) {
  const t = useT(assetMessages);
  const { locale } = useLanguage();
  const { ring } = stream;
  const drawn = useDelayed(version, delayMs);
  const points = useMemo(
    () => (drawn >= 0 ? downsampleMinMax(ring.toPoints(ring.lastTs - windowMs), BUCKETS) : []),
    [ring, windowMs, drawn],
  );
  const last = points.at(-1);
  return (
    <Box
      data-testid="sensor-chart"
      data-sensor-id={stream.sensorId}
      data-points={points.length}
      sx={{ border: `1px solid ${hmi.border}`, borderRadius: 1, p: 1, minWidth: 0 }}
    >
      <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <Typography variant="h3" component="h3" noWrap title={stream.sensorId}>
          {stream.kind}{' '}
          <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400 }}>
            ({stream.unit})
          </Box>
        </Typography>
        <Typography variant="caption" color="text.secondary" data-testid="sensor-last">
          {last === undefined
            ? ''
            : last.v === null
              ? t('sensors.lastGap')
              : t('sensors.last', { value: formatValue(last.v, locale), unit: stream.unit })}
        </Typography>
      </Box>
      {points.length === 0 ? <Note>{t('sensors.noPoints')}</Note> : <SparkChart points={points} unit={stream.unit} locale={locale} />}
    </Box>
  );
});

/**
 * A small chart kept cheap because every sensor's redraws at up to 1 Hz: fixed ticks (no label measuring), no grid,
 * no animation; the tooltip stays, it only works while the pointer is over the chart.
 */
const SparkChart = memo(function SparkChart({
  points,
  unit,
  locale,
}: {
  readonly points: readonly SeriesPoint[];
  readonly unit: string;
  readonly locale: string;
}) {
  return (
    <LineChart
      responsive
      data={points as SeriesPoint[]}
      margin={{ top: 6, right: 8, bottom: 0, left: 0 }}
      style={{ width: '100%', height: 120 }}
    >
      <XAxis {...timeAxisProps(points, locale, { tickCount: 4, fontSize: 10 })} />
      <YAxis {...valueAxisProps(locale, { width: 44, fontSize: 10 })} tickCount={4} />
      <Tooltip
        labelFormatter={timeLabel(locale)}
        formatter={(v) => [`${typeof v === 'number' ? formatValue(v, locale) : '—'} ${unit}`, '']}
        separator=""
        isAnimationActive={false}
      />
      <Line type="linear" dataKey="v" stroke={hmi.info} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
    </LineChart>
  );
});

/** `value`, taking each new value `delayMs` after it arrives (at once when 0). */
function useDelayed(value: number, delayMs: number): number {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (delayMs === 0) {
      setShown(value);
      return undefined;
    }
    const timer = setTimeout(() => setShown(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs === 0 ? value : shown;
}
