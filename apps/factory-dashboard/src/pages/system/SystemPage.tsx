import { Box, Typography } from '@mui/material';
import type { ServiceMetricsSeries, ServiceStatus } from '@vigie/contracts';
import { useApi } from '../../api/use-api';
import { PageFrame, Section } from '../../components/Section';
import { ApiErrorAlert } from '../../components/states';
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
    <PageFrame testId="page-system" title={t('title')} subtitle={t('subtitle')}>
      <Section
        title={t('servicesTitle')}
        testId="system-services-section"
        variant="page"
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
        <ApiErrorAlert error={services.error} testId="system-error" messages={messages} spaced />
        <ApiErrorAlert error={metrics.error} testId="system-error" messages={messages} spaced />
        {loading ? <Typography>{t('loading')}</Typography> : <ServicesTable rows={rows} />}
      </Section>
      <Section
        title={t('alertsTitle')}
        testId="system-alerts"
        variant="page"
        aside={<Typography variant="body2">{plant.alerts.length}</Typography>}
      >
        <ActiveAlerts alerts={plant.alerts} />
      </Section>
    </PageFrame>
  );
}
