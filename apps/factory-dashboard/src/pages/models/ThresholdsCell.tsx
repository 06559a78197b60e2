import type { AnomalyThresholdsResponse } from '@vigie/contracts';
import { Typography } from '@mui/material';
import { useApi } from '../../api/use-api';
import { useLanguage, useT } from '../../i18n/i18n';
import { messages } from './messages';

/**
 * Where the anomaly levels of the asset's model in service start (GET /api/v1/anomalies/{asset}/thresholds), on the
 * score scale of its anomalies: the asset model's POT thresholds, or the fixed levels of the sensor baselines.
 */
export function ThresholdsCell({ assetId }: { readonly assetId: string }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const { data, error } = useApi<AnomalyThresholdsResponse>(`/api/v1/anomalies/${encodeURIComponent(assetId)}/thresholds`);
  if (error)
    return (
      <Typography variant="caption" color="error">
        {t('error', { code: error.code, message: error.message })}
      </Typography>
    );
  if (!data) return <Typography variant="caption">{t('loading')}</Typography>;
  const th = data.assetModel?.thresholds ?? data.sensorBaselines.thresholds;
  const f = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
  return (
    <Typography variant="caption" data-testid="anomaly-thresholds" sx={{ whiteSpace: 'nowrap' }}>
      {t(data.assetModel ? 'thresholdsAsset' : 'thresholdsBaseline', {
        low: f.format(th.low),
        medium: f.format(th.medium),
        high: f.format(th.high),
        critical: f.format(th.critical),
      })}
    </Typography>
  );
}
