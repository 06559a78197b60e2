import { memo, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AnomalyDetectedPayload } from '@vigie/contracts';
import { useApi } from '../../api/use-api';
import { SelectField } from '../../components/SelectField';
import { GRID_PROPS, timeAxisProps, timeLabel, valueAxisProps } from '../../components/chart-axes';
import { useLanguage, useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { formatValue } from './chart-format';
import { assetMessages } from './messages';
import { Note, Panel } from './parts';
import { defaultFeature, featureNames, featureSeries, type FeatureWindowLike } from './series';

/** GET /api/v1/features/{asset_id} (FeaturesResponse of @vigie/contracts), the fields this page reads. */
interface Features {
  readonly assetId: string;
  readonly windows: readonly FeatureWindowLike[];
}

/** Feature windows asked per sensor (the newest ones): 500 windows of 5 min are 41 h of plant time. */
const FEATURE_LIMIT = 500;
const REFRESH_MS = 60_000;

/**
 * One feature of one sensor over time (per feature window), both selectable; opens on the strongest contributor of
 * the asset's latest anomaly, so the trend behind the alarm is the first thing shown.
 */
export const FeatureTrends = memo(function FeatureTrends({
  assetId,
  sensors,
  lastAnomaly,
}: {
  readonly assetId: string;
  readonly sensors: readonly string[];
  readonly lastAnomaly: AnomalyDetectedPayload | null;
}) {
  const t = useT(assetMessages);
  const { locale } = useLanguage();
  // The first default stays: a newer anomaly must not swap the chart under the reader's eyes.
  const [initial, setInitial] = useState(() => defaultFeature(sensors, lastAnomaly));
  if (initial === null && sensors.length > 0) setInitial(defaultFeature(sensors, lastAnomaly));
  const [chosenSensor, setSensor] = useState<string | null>(null);
  const [chosenFeature, setFeature] = useState<string | null>(null);
  const sensorId = chosenSensor ?? initial?.sensorId ?? null;
  const path =
    sensorId === null
      ? null
      : `/api/v1/features/${encodeURIComponent(assetId)}?sensorId=${encodeURIComponent(sensorId)}&limit=${FEATURE_LIMIT}`;
  const { data, error, loading } = useApi<Features>(path, REFRESH_MS);
  const windows = useMemo(
    () => (data !== undefined && data.windows.every((w) => w.sensorId === sensorId) ? data.windows : []),
    [data, sensorId],
  );
  const names = useMemo(() => featureNames(windows), [windows]);
  const wanted = chosenFeature ?? (chosenSensor === null ? initial?.feature : undefined) ?? 'rms';
  const feature = names.includes(wanted) ? wanted : (names[0] ?? wanted);
  const points = useMemo(() => (sensorId === null ? [] : featureSeries(windows, sensorId, feature)), [windows, sensorId, feature]);

  const aside = (
    <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
      <SelectField
        label={t('features.sensor')}
        testId="feature-sensor-select"
        minWidth={160}
        value={sensorId ?? ''}
        options={sensors}
        onChange={(v) => {
          setSensor(v);
          setFeature(null);
        }}
      />
      <SelectField
        label={t('features.feature')}
        testId="feature-name-select"
        minWidth={160}
        value={names.includes(feature) ? feature : ''}
        options={names}
        onChange={setFeature}
        disabled={names.length === 0}
      />
    </Box>
  );
  return (
    <Panel title={t('features.title')} aside={aside} testId="asset-features" loading={loading && windows.length === 0} error={error}>
      {sensorId === null ? (
        <Note>{t('features.noSensor')}</Note>
      ) : points.length === 0 ? (
        !loading && <Note>{t('features.empty')}</Note>
      ) : (
        <>
          <Box
            sx={{ height: 220 }}
            data-testid="feature-chart"
            data-sensor-id={sensorId}
            data-feature={feature}
            data-points={points.length}
          >
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={points} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid {...GRID_PROPS} />
                <XAxis {...timeAxisProps(points, locale)} />
                <YAxis {...valueAxisProps(locale, { width: 52 })} />
                <Tooltip
                  labelFormatter={timeLabel(locale)}
                  formatter={(v) => [typeof v === 'number' ? formatValue(v, locale) : '—', feature]}
                />
                <Line type="linear" dataKey="v" stroke={hmi.info} strokeWidth={1.5} dot={points.length < 60} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </Box>
          <Note>{t('features.windows', { count: points.length })}</Note>
        </>
      )}
    </Panel>
  );
});
