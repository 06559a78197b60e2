import { useEffect, useMemo, useRef, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import type { LatestPlan, MaintenancePlan, Priority, TechnicianList, WorkOrder } from '@vigie/contracts';
import { ApiError, api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useLanguage, useT } from '../../i18n/i18n';
import { layoutGantt, optimiseProgress, planSummary, type GanttBar, type GanttLayout } from './gantt-layout';
import { messages } from './messages';

const DAY_PX = 240; // 10 px per hour
const LANE_PX = 26;
const NAME_PX = 150;
const HOUR_TICKS = [6, 12, 18];
const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** Planning (`/planning`): the latest plan as a Gantt of technicians × days, and the "optimise" action. */
export function PlanningPage() {
  const t = useT(messages);
  const latest = useApi<LatestPlan>('/api/v1/planning/plans/latest');
  const technicians = useApi<TechnicianList>('/api/v1/technicians');
  const orders = useApi<{ workOrders: WorkOrder[] }>('/api/v1/work-orders?limit=1000');
  const [fresh, setFresh] = useState<MaintenancePlan | null>(null);
  const plan = fresh ?? latest.data?.plan ?? null;
  const ordersById = useMemo(() => new Map((orders.data?.workOrders ?? []).map((o) => [o.id, o])), [orders.data]);
  const layout = useMemo(
    // Bars need the orders for priority, asset and skills: laid out once the list is in (or has failed, shown above).
    () =>
      plan === null || technicians.data === undefined || (orders.data === undefined && orders.error === undefined)
        ? null
        : layoutGantt({ plan, technicians: technicians.data.technicians, workOrders: ordersById }),
    [plan, technicians.data, ordersById, orders.data, orders.error],
  );
  const loadError = latest.error ?? technicians.error ?? orders.error;

  return (
    <Box data-testid="page-planning" sx={{ p: { xs: 1, sm: 2 }, minWidth: 0 }}>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        {t('title')}
      </Typography>
      <Optimiser
        timeLimitSeconds={latest.data?.solverTimeLimitSeconds ?? null}
        onPlan={(p) => {
          setFresh(p);
          orders.reload();
          latest.reload();
        }}
      />
      {loadError !== undefined && (
        <Alert severity="error" sx={{ my: 2 }}>
          {t('loadError', { code: loadError.code, message: loadError.message })}
        </Alert>
      )}
      {latest.loading && latest.data === undefined && <Typography color="text.secondary">{t('loading')}</Typography>}
      {latest.data !== undefined && plan === null && (
        <Typography color="text.secondary" sx={{ my: 2 }} data-testid="no-plan">
          {t('noPlan')}
        </Typography>
      )}
      {plan !== null && (
        <Stack spacing={2} sx={{ mt: 2 }}>
          <Summary plan={plan} />
          {layout !== null && <Gantt layout={layout} />}
          <Unassigned plan={plan} orders={ordersById} />
        </Stack>
      )}
    </Box>
  );
}

/** The "optimise" button and, while the solver runs, a determinate bar of the elapsed time against its time limit. */
function Optimiser({
  timeLimitSeconds,
  onPlan,
}: {
  readonly timeLimitSeconds: number | null;
  readonly onPlan: (plan: MaintenancePlan) => void;
}) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [startedAt]);

  const run = async () => {
    const began = Date.now();
    setStartedAt(began);
    setNow(began);
    setError(null);
    try {
      const plan = await api.get<MaintenancePlan>('/api/v1/planning/optimize');
      if (mounted.current) onPlan(plan);
    } catch (err) {
      if (mounted.current) setError(err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', String(err)));
    } finally {
      if (mounted.current) setStartedAt(null);
    }
  };
  const limit = timeLimitSeconds ?? 0;
  const elapsedMs = startedAt === null ? 0 : now - startedAt;
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <Stack spacing={1}>
      <Box>
        <Button
          variant="contained"
          data-testid="optimise"
          disabled={startedAt !== null || timeLimitSeconds === null}
          onClick={() => void run()}
        >
          {t('optimise')}
        </Button>
      </Box>
      {startedAt !== null && (
        <Box data-testid="optimise-progress" sx={{ maxWidth: 480 }}>
          <LinearProgress variant="determinate" value={optimiseProgress(elapsedMs, limit)} />
          <Typography variant="caption" color="text.secondary">
            {t('optimising', { elapsed: one.format(elapsedMs / 1000), limit: one.format(limit) })}
          </Typography>
        </Box>
      )}
      {error !== null && (
        <Alert severity="error" data-testid="optimise-error">
          {t('optimiseError', { code: error.code, message: error.message })}
        </Alert>
      )}
    </Stack>
  );
}

function Summary({ plan }: { readonly plan: MaintenancePlan }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const s = planSummary(plan);
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'UTC' });
  const figures: [string, string, string][] = [
    ['objective', t('objective'), num.format(s.objective)],
    ['greedy', t('greedy'), s.greedyObjective === null ? t('none') : num.format(s.greedyObjective)],
    [
      'saving',
      t('saving'),
      s.saving === null
        ? t('none')
        : t('savingValue', { value: num.format(s.saving), ratio: s.savingRatio === null ? t('none') : pct.format(s.savingRatio) }),
    ],
    ['gap', t('gap'), s.gap === null ? t('none') : pct.format(s.gap)],
    ['solve-time', t('solveTime'), s.solveSeconds === null ? t('none') : t('seconds', { value: num.format(s.solveSeconds) })],
    ['status', t('status'), s.status === null ? t('none') : t(`status.${s.status}`)],
    ['assigned', t('assignedCount'), String(s.assigned)],
    ['late', t('lateCount'), String(s.late)],
    ['unassigned', t('unassignedCount'), String(s.unassigned)],
  ];
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="plan-summary" data-plan-id={plan.planId}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('planOf', {
          created: date.format(new Date(plan.createdAt)),
          start: date.format(new Date(plan.horizonStart)),
          end: date.format(new Date(plan.horizonEnd)),
          method: plan.method,
        })}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 1.5 }}>
        {figures.map(([id, label, value]) => (
          <Box key={id} data-testid={`plan-${id}`}>
            <Typography variant="caption" color="text.secondary" component="div">
              {label}
            </Typography>
            <Typography variant="subtitle1">{value}</Typography>
          </Box>
        ))}
      </Box>
      {plan.fallbackReason !== undefined && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {t('fallbackReason', { reason: plan.fallbackReason })}
        </Alert>
      )}
    </Paper>
  );
}

function usePriorityColors(): Readonly<Record<Priority, string>> {
  const theme = useTheme();
  return { P1: theme.palette.error.main, P2: theme.palette.warning.main, P3: theme.palette.info.main, P4: theme.palette.grey[500] };
}

/** Technicians as rows, UTC days as columns (hour ticks within), bars by priority, late ones outlined and flagged. */
function Gantt({ layout }: { readonly layout: GanttLayout }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const colors = usePriorityColors();
  const timelinePx = layout.days.length * DAY_PX;
  const dayLabel = new Intl.DateTimeFormat(locale, { weekday: 'short', day: '2-digit', month: 'short', timeZone: 'UTC' });
  return (
    <Paper variant="outlined" sx={{ p: 1 }}>
      <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap', alignItems: 'center', mb: 1 }} aria-label={t('legend')}>
        {PRIORITIES.map((p) => (
          <Stack key={p} direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
            <Box sx={{ width: 14, height: 10, bgcolor: colors[p], borderRadius: 0.5 }} />
            <Typography variant="caption">{p}</Typography>
          </Stack>
        ))}
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          <Box sx={{ width: 14, height: 10, border: 2, borderColor: 'error.dark', borderStyle: 'dashed' }} />
          <Typography variant="caption">{t('legendLate')}</Typography>
        </Stack>
      </Stack>
      {layout.rows.length === 0 && <Typography color="text.secondary">{t('noTechnicians')}</Typography>}
      <Box data-testid="gantt" sx={{ overflowX: 'auto', maxWidth: '100%' }}>
        <Box sx={{ width: NAME_PX + timelinePx, position: 'relative' }}>
          <Box sx={{ display: 'flex', borderBottom: 1, borderColor: 'divider' }}>
            <Box sx={{ width: NAME_PX, flex: 'none', position: 'sticky', left: 0, bgcolor: 'background.paper', zIndex: 2, px: 1 }}>
              <Typography variant="caption" color="text.secondary">
                {t('technician')}
              </Typography>
            </Box>
            {layout.days.map((d) => (
              <Box
                key={d.start}
                sx={{ width: DAY_PX, flex: 'none', borderLeft: 1, borderColor: 'divider', position: 'relative', height: 36 }}
              >
                <Typography variant="caption" sx={{ px: 0.5, display: 'block', whiteSpace: 'nowrap' }}>
                  {dayLabel.format(new Date(d.start))}
                </Typography>
                {HOUR_TICKS.map((h) => (
                  <Typography
                    key={h}
                    variant="caption"
                    color="text.secondary"
                    sx={{ position: 'absolute', left: (h / 24) * DAY_PX, bottom: 0, fontSize: 10, transform: 'translateX(-50%)' }}
                  >
                    {h}h
                  </Typography>
                ))}
              </Box>
            ))}
          </Box>
          {layout.rows.map((row) => (
            <Box
              key={row.technicianId}
              data-testid="gantt-row"
              data-technician-id={row.technicianId}
              sx={{ display: 'flex', borderBottom: 1, borderColor: 'divider' }}
            >
              <Box
                sx={{ width: NAME_PX, flex: 'none', position: 'sticky', left: 0, bgcolor: 'background.paper', zIndex: 1, px: 1, py: 0.5 }}
              >
                <Typography variant="body2" noWrap title={row.label}>
                  {row.label}
                </Typography>
                <Typography variant="caption" color="text.secondary" noWrap component="div" title={row.skills.join(', ')}>
                  {row.skills.join(', ')}
                </Typography>
              </Box>
              <Box
                sx={{
                  width: timelinePx,
                  flex: 'none',
                  position: 'relative',
                  height: Math.max(row.lanes * LANE_PX + 8, 44),
                  backgroundImage: (theme) =>
                    `repeating-linear-gradient(to right, ${theme.palette.divider} 0 1px, transparent 1px ${DAY_PX / 4}px)`,
                }}
              >
                {row.bars.map((bar) => (
                  <Bar
                    key={`${bar.interventionId}/${bar.workOrderId}`}
                    bar={bar}
                    color={bar.priority === null ? colors.P4 : colors[bar.priority]}
                    width={timelinePx}
                  />
                ))}
              </Box>
            </Box>
          ))}
        </Box>
      </Box>
    </Paper>
  );
}

function Bar({ bar, color, width }: { readonly bar: GanttBar; readonly color: string; readonly width: number }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const time = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const tip = (
    <Box>
      <Typography variant="caption" component="div">
        {bar.priority ?? ''} {t('tooltipOrder', { title: bar.title ?? bar.workOrderId })}
      </Typography>
      <Typography variant="caption" component="div">
        {t('tooltipAsset', { asset: bar.assetId ?? t('none') })}
      </Typography>
      <Typography variant="caption" component="div">
        {t('tooltipSkills', { skills: bar.skills.length > 0 ? bar.skills.join(', ') : t('none') })}
      </Typography>
      <Typography variant="caption" component="div">
        {t('tooltipTime', { start: time.format(new Date(bar.start)), end: time.format(new Date(bar.end)) })}
      </Typography>
      <Typography variant="caption" component="div">
        {bar.late ? t('late', { hours: num.format(bar.tardinessHours) }) : t('onTime')}
      </Typography>
    </Box>
  );
  return (
    <Tooltip title={tip} arrow>
      <Link
        component={RouterLink}
        to={`/work-orders/${encodeURIComponent(bar.workOrderId)}`}
        data-testid="gantt-bar"
        data-work-order-id={bar.workOrderId}
        data-late={bar.late ? 'true' : 'false'}
        underline="none"
        sx={{
          position: 'absolute',
          left: bar.x * width,
          width: Math.max(4, bar.width * width),
          top: 4 + bar.lane * LANE_PX,
          height: LANE_PX - 4,
          bgcolor: color,
          color: 'common.white',
          borderRadius: 0.5,
          overflow: 'hidden',
          whiteSpace: 'nowrap',
          fontSize: 11,
          lineHeight: `${LANE_PX - 4}px`,
          px: 0.5,
          boxSizing: 'border-box',
          ...(bar.late ? { outline: '2px dashed', outlineColor: 'error.dark', outlineOffset: -2 } : {}),
        }}
      >
        {bar.late ? '! ' : ''}
        {bar.assetId ?? bar.workOrderId}
      </Link>
    </Tooltip>
  );
}

function Unassigned({ plan, orders }: { readonly plan: MaintenancePlan; readonly orders: ReadonlyMap<string, WorkOrder> }) {
  const t = useT(messages);
  if (plan.unassigned.length === 0) return null;
  const reasons = new Map((plan.unassignedReasons ?? []).map((u) => [u.workOrderId, u.reason]));
  const reasonText = (reason: string | undefined): string => {
    if (reason === 'NO_QUALIFIED_TECHNICIAN' || reason === 'LONGER_THAN_ANY_SHIFT' || reason === 'NO_CAPACITY_IN_HORIZON')
      return t(`reason.${reason}`);
    return reason ?? t('none');
  };
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="plan-unassigned">
      <Typography variant="subtitle1" component="h2">
        {t('unassigned')}
      </Typography>
      <Box component="ul" sx={{ m: 0, pl: 2 }}>
        {plan.unassigned.map((id) => (
          <li key={id}>
            <Link component={RouterLink} to={`/work-orders/${encodeURIComponent(id)}`}>
              {orders.get(id)?.title ?? id}
            </Link>{' '}
            <Typography component="span" variant="body2" color="text.secondary">
              ({reasonText(reasons.get(id))})
            </Typography>
          </li>
        ))}
      </Box>
    </Paper>
  );
}
