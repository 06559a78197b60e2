import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { useLanguage, useT } from '../../i18n/i18n';
import { formatMetric } from './format-metric';
import { messages } from './messages';
import type { AnomalyModelGroup } from './model-rows';
import { RoleChip } from './RoleChip';
import { ThresholdsCell } from './ThresholdsCell';

/** The anomaly model versions training jobs registered, per asset, newest first, the champion marked. */
export function AnomalyModelsTable({ groups }: { readonly groups: readonly AnomalyModelGroup[] }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  if (groups.length === 0) return <Typography color="text.secondary">{t('noAnomalyModels')}</Typography>;
  return (
    <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t('asset')}</TableCell>
            <TableCell>{t('version')}</TableCell>
            <TableCell>{t('role')}</TableCell>
            <TableCell align="right">{t('metric.val_false_alarm_rate')}</TableCell>
            <TableCell align="right">{t('sensors')}</TableCell>
            <TableCell align="right">{t('windows')}</TableCell>
            <TableCell align="right">{t('assetWindows')}</TableCell>
            <TableCell>{t('created')}</TableCell>
            <TableCell>{t('thresholds')}</TableCell>
            <TableCell>{t('decision')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {groups.flatMap((g) =>
            g.versions.map((v) => (
              <TableRow
                key={`${g.model}:${v.version}`}
                data-testid="anomaly-model-version"
                data-role={v.role}
                selected={v.role === 'champion'}
              >
                <TableCell>{g.assetId}</TableCell>
                <TableCell>v{v.version}</TableCell>
                <TableCell>
                  <RoleChip role={v.role} />
                </TableCell>
                <TableCell align="right">{formatMetric('val_false_alarm_rate', v.valFalseAlarmRate, locale)}</TableCell>
                <TableCell align="right">{formatMetric('sensors', v.sensors, locale)}</TableCell>
                <TableCell align="right">{formatMetric('windows', v.windows, locale)}</TableCell>
                <TableCell align="right">{formatMetric('asset_windows', v.assetWindows, locale)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{date.format(new Date(v.createdAt))}</TableCell>
                <TableCell>{v.role === 'champion' ? <ThresholdsCell assetId={g.assetId} /> : null}</TableCell>
                <TableCell sx={{ minWidth: 200 }}>{v.decision}</TableCell>
              </TableRow>
            )),
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
