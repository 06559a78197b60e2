import Box from '@mui/material/Box';
import type { AnomalyDetectedPayload } from '@vigie/contracts';
import { Link } from 'react-router';
import { FeedList } from '../../components/FeedList';
import { formatScore, formatTime } from '../../format';
import { criticalityKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { criticalityTone } from '../../theme';
import { overviewMessages } from './messages';
import { Empty, Loading, Section, ToneChip } from './parts';

/** The latest anomalies over the whole plant, newest first, as the live feed delivers them. */
export function RecentAnomalies({
  anomalies,
  assetNames,
  synced,
}: {
  readonly anomalies: readonly AnomalyDetectedPayload[];
  readonly assetNames: ReadonlyMap<string, string>;
  readonly synced: boolean;
}) {
  const t = useT(overviewMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  return (
    <Section testId="recent-anomalies" title={t('recentAnomalies')}>
      <FeedList
        items={anomalies}
        synced={synced}
        placeholder={<Loading />}
        empty={<Empty>{t('noAnomalies')}</Empty>}
        columns="auto 1fr auto auto"
        itemKey={(a) => a.anomalyId}
        itemAttributes={() => ({ 'data-testid': 'anomaly-row' })}
        renderItem={(a) => (
          <>
            <ToneChip tone={criticalityTone[a.criticality]}>{tc(criticalityKey(a.criticality))}</ToneChip>
            <Box
              component="span"
              sx={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
              title={a.sensorId}
            >
              <Link to={`/assets/${encodeURIComponent(a.assetId)}`}>{assetNames.get(a.assetId) ?? a.assetId}</Link>{' '}
              <Box component="code" sx={{ color: 'text.secondary' }}>
                {a.sensorId}
              </Box>
            </Box>
            <Box component="span" sx={{ fontVariantNumeric: 'tabular-nums' }}>
              {t('anomaly.score', { score: formatScore(a.score, locale) })}
            </Box>
            <Box component="span" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
              {formatTime(a.detectedAt, locale)}
            </Box>
          </>
        )}
      />
    </Section>
  );
}
