import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { AnomalyDetectedPayload, AnomalyThresholdsResponse } from '@vigie/contracts';
import { formatScore, formatSigma } from '../../format';
import { criticalityKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { criticalityTone, hmi } from '../../theme';
import { formatInstant, formatValue } from './chart-format';
import { assetMessages } from './messages';
import { Note, ToneChip } from './parts';
import { anomalyScorer, thresholdsFor } from './series';

/**
 * What an anomaly rests on, as the anomaly event carries it: the window, the sensor it names, its score against the
 * threshold of the level it was reported at, the scorer and model version, and the contributing features (value, what
 * the model expected, how far off in robust z).
 */
export function AnomalyEvidence({
  anomaly,
  thresholds,
  onClose,
}: {
  readonly anomaly: AnomalyDetectedPayload;
  readonly thresholds: AnomalyThresholdsResponse | undefined;
  readonly onClose: () => void;
}) {
  const t = useT(assetMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const scorer = anomalyScorer(anomaly);
  const levels = thresholdsFor(anomaly, thresholds);
  const level = tc(criticalityKey(anomaly.criticality));
  return (
    <Box
      data-testid="anomaly-evidence"
      data-anomaly-id={anomaly.anomalyId}
      sx={{ border: `1px solid ${hmi.border}`, borderRadius: 1, p: 1.25, bgcolor: hmi.surface2 }}
    >
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h3" component="h3">
          {t('evidence.title')} <ToneChip tone={criticalityTone[anomaly.criticality]}>{level}</ToneChip>
        </Typography>
        <Button size="small" onClick={onClose} data-testid="anomaly-evidence-close">
          {t('evidence.close')}
        </Button>
      </Box>
      <Box
        component="dl"
        sx={{
          display: 'grid',
          gridTemplateColumns: 'max-content minmax(0, 1fr)',
          columnGap: 1.5,
          rowGap: 0.5,
          my: 1,
          '& dt': { color: 'text.secondary' },
          '& dd': { m: 0, overflowWrap: 'anywhere' },
        }}
      >
        <dt>{t('evidence.window')}</dt>
        <dd>
          {t('evidence.windowValue', { start: formatInstant(anomaly.windowStart, locale), end: formatInstant(anomaly.windowEnd, locale) })}
        </dd>
        <dt>{t('evidence.sensor')}</dt>
        <dd data-testid="evidence-sensor">{anomaly.sensorId}</dd>
        <dt>{t('evidence.score')}</dt>
        <dd data-testid="evidence-score">
          {formatScore(anomaly.score, locale)}
          {levels !== null && (
            <Box component="span" sx={{ color: 'text.secondary' }}>
              {' · '}
              {t('evidence.threshold', { level, score: formatScore(levels[anomaly.criticality], locale) })}
            </Box>
          )}
        </dd>
        <dt>{t('evidence.scorer')}</dt>
        <dd data-testid="evidence-scorer" data-scorer={scorer}>
          {t(`evidence.scorer.${scorer}`)}
        </dd>
        <dt>{t('evidence.model')}</dt>
        <dd data-testid="evidence-model">{anomaly.modelVersion}</dd>
        <dt>{t('evidence.detectedAt')}</dt>
        <dd>{formatInstant(anomaly.detectedAt, locale)}</dd>
      </Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {t('evidence.contributors')}
      </Typography>
      {anomaly.contributors.length === 0 ? (
        <Note>{t('evidence.noContributors')}</Note>
      ) : (
        <TableContainer sx={{ overflowX: 'auto' }}>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{t('evidence.colSensor')}</TableCell>
                <TableCell>{t('evidence.colFeature')}</TableCell>
                <TableCell align="right">{t('evidence.colValue')}</TableCell>
                <TableCell align="right">{t('evidence.colBaseline')}</TableCell>
                <TableCell align="right">{t('evidence.colZ')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {anomaly.contributors.map((c) => (
                <TableRow key={`${c.sensorId}|${c.feature}`} data-testid="evidence-contributor">
                  <TableCell>{c.sensorId}</TableCell>
                  <TableCell>{c.feature}</TableCell>
                  <TableCell align="right">{formatValue(c.value, locale)}</TableCell>
                  <TableCell align="right">{formatValue(c.baseline, locale)}</TableCell>
                  <TableCell align="right">{formatSigma(c.z, locale)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
