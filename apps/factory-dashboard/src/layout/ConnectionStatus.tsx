import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { ServiceStatus } from '@vigie/contracts';
import type { ConnectionState } from '../hooks/use-monitoring-socket';
import { useCommonT } from '../i18n/common';
import { useLanguage, useT } from '../i18n/i18n';
import { hmi } from '../theme';
import { layoutMessages } from './messages';

const DOT: Readonly<Record<ConnectionState, string>> = { live: '#4cc27f', reconnecting: '#f0a630', connecting: '#9aa5b1' };

/** The live link's state; while reconnecting, how old the figures on screen are ("updated 14:02:11"). */
export function ConnectionStatus({
  connection,
  lastMessageAt,
}: {
  readonly connection: ConnectionState;
  readonly lastMessageAt: number | null;
}) {
  const t = useCommonT();
  const tl = useT(layoutMessages);
  const { locale } = useLanguage();
  const time =
    lastMessageAt === null
      ? null
      : new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(lastMessageAt));
  return (
    <Box
      data-testid="connection-state"
      data-state={connection}
      title={tl('connectionTitle')}
      sx={{ display: 'flex', alignItems: 'center', gap: 0.75, whiteSpace: 'nowrap' }}
    >
      <Box component="span" aria-hidden sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: DOT[connection] }} />
      <Typography component="span" variant="body2">
        {t(`connection.${connection}`)}
      </Typography>
      {connection === 'reconnecting' && (
        <Typography component="span" variant="caption" sx={{ opacity: 0.8, display: { xs: 'none', sm: 'inline' } }}>
          {time === null ? t('connection.neverUpdated') : t('connection.updatedAt', { time })}
        </Typography>
      )}
    </Box>
  );
}

/** "6/7 services UP"; red when one is down; a skeleton before the first snapshot (not a misleading 0/0). */
export function ServicesUp({ services, synced }: { readonly services: readonly ServiceStatus[]; readonly synced: boolean }) {
  const t = useCommonT();
  const tl = useT(layoutMessages);
  if (!synced) return <Skeleton data-testid="services-up-loading" variant="text" width={120} sx={{ bgcolor: 'rgba(255,255,255,0.15)' }} />;
  const up = services.filter((s) => s.status === 'UP').length;
  const allUp = up === services.length;
  return (
    <Box
      component="span"
      data-testid="services-up"
      title={tl('servicesTitle')}
      sx={{
        px: 1,
        py: 0.25,
        borderRadius: 1,
        fontSize: 13,
        whiteSpace: 'nowrap',
        fontVariantNumeric: 'tabular-nums',
        bgcolor: allUp ? hmi.okBg : hmi.alarm,
        color: allUp ? hmi.ok : '#fff',
      }}
    >
      {t('services.up', { up, total: services.length })}
    </Box>
  );
}
