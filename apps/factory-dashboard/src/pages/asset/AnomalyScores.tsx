import { memo, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { AnomalyDetectedPayload, AnomalyThresholdsResponse, Criticality } from '@vigie/contracts';
import { useApi } from '../../api/use-api';
import { GRID_PROPS, timeAxisProps } from '../../components/chart-axes';
import { formatScore } from '../../format';
import { criticalityKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { criticalityTone, hmi } from '../../theme';
import { AnomalyEvidence } from './AnomalyEvidence';
import { HISTORY_REFRESH_MS, useAssetHistory } from './asset-history';
import { formatInstant } from './chart-format';
import { assetMessages } from './messages';
import { Note, Panel, ToneChip } from './parts';
import { anomalyPoints, mergeAnomalies, thresholdLines, type AnomalyPoint } from './series';

/** Chart colour of each level (the HMI palette's status colours, darker as it gets worse). */
export const CRITICALITY_COLOR: Readonly<Record<Criticality, string>> = {
  low: hmi.neutral,
  medium: hmi.warn,
  high: hmi.alarm,
  critical: hmi.critical,
};
/** Rows of the table under the chart (newest first); the chart shows every anomaly loaded. */
const TABLE_ROWS = 50;

interface AnomalyHistory {
  readonly assetId: string;
  readonly anomalies: readonly AnomalyDetectedPayload[];
}

/**
 * The asset's anomaly scores over time (window end) against the threshold line of each level, points coloured by
 * the criticality they were reported at; a point or a row opens the evidence: the model, the window and the
 * features that contributed. REST history merged with the anomalies pushed live (`live`).
 */
export const AnomalyScores = memo(function AnomalyScores({
  assetId,
  live,
}: {
  readonly assetId: string;
  readonly live: readonly AnomalyDetectedPayload[];
}) {
  const t = useT(assetMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const history = useAssetHistory<AnomalyHistory>('anomalies', assetId);
  const thresholds = useApi<AnomalyThresholdsResponse>(`/api/v1/anomalies/${encodeURIComponent(assetId)}/thresholds`, HISTORY_REFRESH_MS);
  const anomalies = useMemo(() => mergeAnomalies(history.data?.anomalies ?? [], live), [history.data, live]);
  const points = useMemo(() => anomalyPoints(anomalies), [anomalies]);
  const lines = thresholdLines(thresholds.data);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = anomalies.find((a) => a.anomalyId === selectedId) ?? null;
  const newestFirst = useMemo(() => [...anomalies].reverse().slice(0, TABLE_ROWS), [anomalies]);

  return (
    <Panel
      title={t('anomalies.title')}
      aside={<Note>{t('anomalies.count', { count: anomalies.length })}</Note>}
      testId="asset-anomalies"
      loading={history.loading && history.data === undefined}
      error={history.error ?? thresholds.error}
    >
      {anomalies.length === 0 ? (
        <Note testId="anomalies-empty">{t('anomalies.empty')}</Note>
      ) : (
        <>
          <Box
            sx={{ height: 220 }}
            data-testid="anomaly-chart"
            data-points={points.length}
            data-thresholds={lines?.lines.map((l) => l.score.toFixed(3)).join(',') ?? ''}
          >
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid {...GRID_PROPS} />
                <XAxis {...timeAxisProps(points, locale)} name="t" />
                <YAxis
                  dataKey="score"
                  type="number"
                  domain={[0, 1]}
                  ticks={[0, 0.25, 0.5, 0.75, 1]}
                  interval={0}
                  width={36}
                  tick={{ fontSize: 11 }}
                  name={t('anomalies.score')}
                />
                {lines?.lines.map((l) => (
                  <ReferenceLine
                    key={l.level}
                    y={l.score}
                    stroke={CRITICALITY_COLOR[l.level]}
                    strokeDasharray="4 3"
                    ifOverflow="extendDomain"
                    label={{
                      value: t('anomalies.thresholdLabel', { level: tc(criticalityKey(l.level)), score: formatScore(l.score, locale) }),
                      position: 'insideTopLeft',
                      fontSize: 10,
                      fill: CRITICALITY_COLOR[l.level],
                    }}
                  />
                ))}
                <Tooltip
                  cursor={{ strokeDasharray: '3 3' }}
                  formatter={(v, name) => (name === 't' ? formatInstant(Number(v), locale) : formatScore(Number(v), locale))}
                />
                <Scatter
                  data={points}
                  isAnimationActive={false}
                  onClick={(item: { payload?: unknown }) => setSelectedId((item.payload as AnomalyPoint | undefined)?.anomalyId ?? null)}
                  cursor="pointer"
                >
                  {points.map((p) => (
                    <Cell
                      key={p.anomalyId}
                      fill={CRITICALITY_COLOR[p.criticality]}
                      stroke={p.anomalyId === selectedId ? hmi.text : 'none'}
                      strokeWidth={2}
                    />
                  ))}
                </Scatter>
              </ScatterChart>
            </ResponsiveContainer>
          </Box>
          <Note testId="anomaly-thresholds-legend">
            {lines === null
              ? ''
              : lines.scorer === 'asset-model'
                ? t('anomalies.thresholdsAsset', { version: lines.modelVersion ?? '' })
                : t('anomalies.thresholdsBaseline')}
            {' · '}
            {t('anomalies.hint')}
          </Note>
          <TableContainer sx={{ maxHeight: 240, overflow: 'auto' }}>
            <Table size="small" stickyHeader>
              <TableHead>
                <TableRow>
                  <TableCell>{t('anomalies.colEnd')}</TableCell>
                  <TableCell>{t('anomalies.colSensor')}</TableCell>
                  <TableCell align="right">{t('anomalies.colScore')}</TableCell>
                  <TableCell>{t('anomalies.colCriticality')}</TableCell>
                  <TableCell>{t('anomalies.colModel')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {newestFirst.map((a) => (
                  <TableRow
                    key={a.anomalyId}
                    hover
                    selected={a.anomalyId === selectedId}
                    onClick={() => setSelectedId(a.anomalyId)}
                    sx={{ cursor: 'pointer' }}
                    data-testid="anomaly-row"
                    data-anomaly-id={a.anomalyId}
                  >
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatInstant(a.windowEnd, locale)}</TableCell>
                    <TableCell>{a.sensorId}</TableCell>
                    <TableCell align="right">{formatScore(a.score, locale)}</TableCell>
                    <TableCell>
                      <ToneChip tone={criticalityTone[a.criticality]}>{tc(criticalityKey(a.criticality))}</ToneChip>
                    </TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{a.modelVersion}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        </>
      )}
      {selected !== null && <AnomalyEvidence anomaly={selected} thresholds={thresholds.data} onClose={() => setSelectedId(null)} />}
    </Panel>
  );
});
