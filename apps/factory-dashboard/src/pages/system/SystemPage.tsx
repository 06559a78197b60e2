import type { ReactNode } from 'react';
import { Alert, Box, Paper, Stack, Typography } from '@mui/material';
import type { ServiceMetricsSeries, ServiceStatus } from '@vigie/contracts';
import type { ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useT } from '../../i18n/i18n';
import { useLive } from '../../live/LiveProvider';
import type { PlantState } from '../../state/plant-state';
import { ActiveAlerts } from './ActiveAlerts';
import { messages } from './messages';
import { ServicesTable } from './ServicesTable';
import { buildSystemRows, systemSummary } from './system-rows';

/** The parts of GET /api/v1/monitoring/metrics and /services this page reads. */
interface MetricsBody {
  readonly services: readonly ServiceMetricsSeries[];
}
interface ServicesBody {
  readonly services: readonly ServiceStatus[];
}

/** How often the figures are fetched again through the gateway. */
export const SYSTEM_REFRESH_MS = 5000;

function Section({ title, testId, aside, children }: { title: string; testId: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <Paper component="section" variant="outlined" data-testid={testId} sx={{ p: { xs: 1.5, sm: 2 }, minWidth: 0 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', justifyContent: 'space-between', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="h6" component="h2">
          {title}
        </Typography>
        {aside}
      </Box>
      {children}
    </Paper>
  );
}

function Failure({ error }: { error: ApiError | undefined }) {
  const t = useT(messages);
  if (!error) return null;
  return (
    <Alert severity="error" sx={{ mb: 1 }} data-testid="system-error">
      {t('error', { code: error.code, message: error.message })}
    </Alert>
  );
}

/**
 * /system: every service with its health, circuit breakers and the aggregates of its Prometheus metrics (through the
 * gateway, every 5 s), and the active alerts from the live socket.
 */
export function SystemPage() {
  const { plant } = useLive();
  return <SystemContent plant={plant} />;
}

/** The page over a given plant state (the live one in the app; a fixed one in tests). */
export function SystemContent({ plant }: { readonly plant: Pick<PlantState, 'services' | 'alerts'> }) {
  const t = useT(messages);
  const metrics = useApi<MetricsBody>('/api/v1/monitoring/metrics', SYSTEM_REFRESH_MS);
  const services = useApi<ServicesBody>('/api/v1/monitoring/services', SYSTEM_REFRESH_MS);
  // REST statuses carry the circuits as they are now; before they load, the socket's statuses stand in.
  const rows = buildSystemRows(services.data?.services ?? plant.services, metrics.data?.services);
  const summary = systemSummary(rows);
  const loading = rows.length === 0 && (metrics.loading || services.loading);

  return (
    <Stack spacing={2} data-testid="page-system" sx={{ p: { xs: 1, sm: 2 }, minWidth: 0, maxWidth: '100%' }}>
      <Box>
        <Typography variant="h5" component="h1">
          {t('title')}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('subtitle')}
        </Typography>
      </Box>
      <Section
        title={t('servicesTitle')}
        testId="system-services-section"
        aside={
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
            <Typography variant="body2" data-testid="system-summary">
              {t('summary', { up: summary.up, total: summary.total })}
            </Typography>
            {summary.openCircuits > 0 && (
              <Typography variant="body2" color="error" data-testid="system-open-circuits">
                {t('openCircuits', { n: summary.openCircuits })}
              </Typography>
            )}
            <Typography variant="body2" color="text.secondary">
              {t('refreshed')}
            </Typography>
          </Box>
        }
      >
        <Failure error={services.error} />
        <Failure error={metrics.error} />
        {loading ? <Typography>{t('loading')}</Typography> : <ServicesTable rows={rows} />}
      </Section>
      <Section title={t('alertsTitle')} testId="system-alerts" aside={<Typography variant="body2">{plant.alerts.length}</Typography>}>
        <ActiveAlerts alerts={plant.alerts} />
      </Section>
    </Stack>
  );
}
