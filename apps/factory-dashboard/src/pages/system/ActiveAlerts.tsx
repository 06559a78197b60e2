import { Box, Typography } from '@mui/material';
import type { Alert } from '@vigie/contracts';
import { Link } from 'react-router';
import { formatTime } from '../../format';
import { severityKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { severityTone, toneColors } from '../../theme';
import { messages } from './messages';
import { alertKindKey, sortAlerts } from './system-rows';

/** The active alerts of the live socket, most severe first; an asset's alert links to its page. */
export function ActiveAlerts({ alerts }: { readonly alerts: readonly Alert[] }) {
  const t = useT(messages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const sorted = sortAlerts(alerts);
  if (sorted.length === 0) return <Typography color="text.secondary">{t('noAlerts')}</Typography>;
  return (
    <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, maxHeight: 360, overflowY: 'auto' }}>
      {sorted.map((a) => {
        const { fg, bg } = toneColors[severityTone[a.severity]];
        const subject = a.assetId ?? a.service ?? t('unknownSubject');
        const text = t(alertKindKey(a.kind), { subject, kind: a.kind });
        return (
          <Box
            component="li"
            key={a.id}
            data-testid="system-alert"
            data-kind={a.kind}
            data-severity={a.severity}
            sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 1, py: 0.75, borderBottom: 1, borderColor: 'divider' }}
          >
            <Box component="span" sx={{ px: 0.75, borderRadius: 1, fontSize: 12, fontWeight: 600, color: fg, bgcolor: bg }}>
              {tc(severityKey(a.severity))}
            </Box>
            <Box component="span" sx={{ flex: '1 1 14rem', minWidth: 0 }}>
              {a.assetId ? <Link to={`/assets/${encodeURIComponent(a.assetId)}`}>{text}</Link> : text}
            </Box>
            <Typography component="span" variant="caption" color="text.secondary">
              {t('raisedAt', { time: formatTime(a.raisedAt, locale) })}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
