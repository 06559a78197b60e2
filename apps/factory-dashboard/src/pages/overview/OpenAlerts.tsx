import Box from '@mui/material/Box';
import type { Alert } from '@vigie/contracts';
import { Link } from 'react-router';
import { FeedList } from '../../components/FeedList';
import { formatTime } from '../../format';
import { severityKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { severityTone } from '../../theme';
import { overviewMessages } from './messages';
import { Empty, Loading, Section, ToneChip } from './parts';

/** Active alerts, most severe first (the plant state keeps them ordered); the message is the service's own text. */
export function OpenAlerts({ alerts, synced }: { readonly alerts: readonly Alert[]; readonly synced: boolean }) {
  const t = useT(overviewMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  return (
    <Section testId="open-alerts" title={t('openAlerts')} aside={synced && <Count n={alerts.length} />}>
      <FeedList
        items={alerts}
        synced={synced}
        placeholder={<Loading />}
        empty={<Empty>{t('noAlerts')}</Empty>}
        columns="auto 1fr auto"
        itemKey={(a) => a.id}
        itemAttributes={(a) => ({ 'data-testid': 'alert-row', 'data-severity': a.severity })}
        renderItem={(a) => (
          <>
            <ToneChip tone={severityTone[a.severity]}>{tc(severityKey(a.severity))}</ToneChip>
            <Box component="span" sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              {a.assetId !== null && (
                <>
                  <Link to={`/assets/${encodeURIComponent(a.assetId)}`}>{a.assetId}</Link>{' '}
                </>
              )}
              {a.service !== null && <code>{a.service} </code>}
              {a.message}
            </Box>
            <Box component="span" sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
              {formatTime(a.raisedAt, locale)}
            </Box>
          </>
        )}
      />
    </Section>
  );
}

export function Count({ n }: { readonly n: number }) {
  return (
    <Box component="span" sx={{ color: 'text.secondary', fontSize: 13, fontVariantNumeric: 'tabular-nums' }}>
      ({n})
    </Box>
  );
}
