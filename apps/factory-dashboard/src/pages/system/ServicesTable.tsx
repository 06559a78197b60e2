import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { serviceStatusKey, useCommonT } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { ToneChip } from '../../components/ToneChip';
import type { Tone } from '../../theme';
import { messages } from './messages';
import { Sparkline } from './Sparkline';
import { worstCircuit, type CircuitState, type SystemRow } from './system-rows';

const STATUS_TONE: Readonly<Record<SystemRow['status'], Tone>> = { UP: 'ok', DOWN: 'alarm', UNKNOWN: 'neutral' };
const CIRCUIT_TONE: Readonly<Record<CircuitState, Tone>> = { closed: 'ok', 'half-open': 'warn', open: 'alarm' };

function Chip(props: { tone: Tone; children: string; title?: string; testId?: string }) {
  return <ToneChip {...props} lineHeight={1.6} />;
}

/** One row per service: health, circuits, throughput, lag, p95 latency, error rate, DLQ and a throughput sparkline. */
export function ServicesTable({ rows }: { readonly rows: readonly SystemRow[] }) {
  const t = useT(messages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const num = (n: number, digits = 1) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  const pct = (n: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n);
  const or = (v: number | null | undefined, show: (n: number) => string) => (v === null || v === undefined ? t('none') : show(v));

  if (rows.length === 0) return <Typography color="text.secondary">{t('noServices')}</Typography>;
  return (
    <TableContainer sx={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Table size="small" data-testid="system-services">
        <TableHead>
          <TableRow>
            <TableCell>{t('service')}</TableCell>
            <TableCell>{t('health')}</TableCell>
            <TableCell>{t('circuit')}</TableCell>
            <TableCell align="right">{t('throughput')}</TableCell>
            <TableCell align="right">{t('lag')}</TableCell>
            <TableCell align="right">{t('latency')}</TableCell>
            <TableCell align="right">{t('errors')}</TableCell>
            <TableCell align="right">{t('dlq')}</TableCell>
            <TableCell>{t('trend')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => {
            const m = r.latest;
            const circuit = r.circuits ? worstCircuit(r.circuits) : null;
            return (
              <TableRow key={r.service} data-testid="system-service-row" data-service={r.service} data-status={r.status}>
                <TableCell sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}>{r.service}</TableCell>
                <TableCell>
                  <Chip tone={STATUS_TONE[r.status]} {...(r.error ? { title: r.error } : {})}>
                    {tc(serviceStatusKey(r.status))}
                  </Chip>
                  {r.latencyMs !== null && (
                    <Typography component="div" variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
                      {t('probe', { n: num(r.latencyMs, 0) })}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {r.circuits && circuit ? (
                    <Chip
                      tone={CIRCUIT_TONE[circuit]}
                      testId="system-circuit"
                      title={t('circuitDetail', { health: t(`circuit.${r.circuits.health}`), gateway: t(`circuit.${r.circuits.gateway}`) })}
                    >
                      {t(`circuit.${circuit}`)}
                    </Chip>
                  ) : (
                    t('none')
                  )}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <div>{or(m?.requestsPerSecond, (n) => t('requestsRate', { n: num(n) }))}</div>
                  <Typography component="div" variant="caption" color="text.secondary">
                    {or(m?.eventsInPerSecond, (n) => t('eventsRate', { n: num(n) }))}
                  </Typography>
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {or(m?.consumerLag, (n) => t('messagesBehind', { n: num(n, 0) }))}
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  {or(m?.latencyP95Ms, (n) => t('ms', { n: num(n) }))}
                </TableCell>
                <TableCell align="right">{or(m?.errorRate, pct)}</TableCell>
                <TableCell align="right">{or(m?.dlqTotal, (n) => num(n, 0))}</TableCell>
                <TableCell>
                  <Sparkline points={r.throughput} label={t('trendLabel', { service: r.service })} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
