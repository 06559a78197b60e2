import { useMemo, useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ClosureCode, WorkOrderStatus, type WorkOrder, type WorkOrderAuditEntry } from '@vigie/contracts';
import { ApiError, api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { useLanguage, useT } from '../../i18n/i18n';
import { useLive } from '../../live/LiveProvider';
import { useAuth } from '../../auth/AuthGate';
import { useActor } from './actor';
import { PriorityChip, StatusChip } from './chips';
import { readEvidence, type AnomalyEvidenceView } from './evidence';
import { mergeWorkOrders, workOrderType } from './filters';
import { LifecycleControls, type ClosingFields } from './LifecycleControls';
import { messages } from './messages';

type T = ReturnType<typeof useT<keyof (typeof messages)['en']>>;

/** How often the order and its audit trail are fetched again. */
const REFRESH_MS = 30_000;

const CRITICALITY_LIST = ['low', 'medium', 'high', 'critical'] as const;
type Criticality = (typeof CRITICALITY_LIST)[number];
const CRITICALITIES: ReadonlySet<string> = new Set(CRITICALITY_LIST);
/** Audit `what` values the orchestrator records (README "Comments and audit trail"); others are shown as recorded. */
const AUDIT_FIELD_LIST = [
  'created',
  'status',
  'priority',
  'assignedTo',
  'dueDate',
  'title',
  'description',
  'closureCode',
  'closureNote',
  'cancelReason',
  'comment',
  'evidence',
  'intervention',
  'merged',
] as const;
type AuditField = (typeof AUDIT_FIELD_LIST)[number];
const AUDIT_FIELDS: ReadonlySet<string> = new Set(AUDIT_FIELD_LIST);

const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', String(err)));

/** One work order (`/work-orders/:workOrderId`): fields, evidence, lifecycle buttons, comments and audit trail. */
export function WorkOrderPage() {
  const { workOrderId = '' } = useParams();
  const t = useT(messages);
  const path = `/api/v1/work-orders/${encodeURIComponent(workOrderId)}`;
  // Live updates cover open orders only; the refresh also catches an order closed elsewhere.
  const rest = useApi<WorkOrder>(path, REFRESH_MS);
  const audit = useApi<{ entries: WorkOrderAuditEntry[] }>(`${path}/audit`, REFRESH_MS);
  const { plant } = useLive();
  const [typedActor, setActor] = useActor();
  // Signed in, the API records the user's own name (orchestrator actorOf); the field is for platforms without auth.
  const session = useAuth();
  const actor = session?.userName ?? typedActor;
  // The live copy (open orders) replaces the fetched one when it is newer; comments come from REST only.
  const order = useMemo(() => {
    if (rest.data === undefined) return undefined;
    const merged = mergeWorkOrders(
      [rest.data],
      plant.workOrders.filter((w) => w.id === rest.data!.id),
    )[0]!;
    return { ...merged, comments: rest.data.comments ?? [] };
  }, [rest.data, plant.workOrders]);
  const reloadAll = () => {
    rest.reload();
    audit.reload();
  };

  return (
    <Box data-testid="page-work-order" sx={{ p: { xs: 1, sm: 2 }, minWidth: 0 }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 1, mb: 2 }}>
        <Link component={RouterLink} to="/work-orders">
          {t('back')}
        </Link>
        {session === null ? (
          <TextField
            size="small"
            label={t('actorLabel')}
            title={t('actorHelp')}
            value={typedActor}
            onChange={(e) => setActor(e.target.value)}
            slotProps={{ htmlInput: { 'data-testid': 'actor-input', maxLength: 100 } }}
          />
        ) : (
          <Typography variant="body2" color="text.secondary" data-testid="acting-as">
            {t('actingAs', { name: session.userName })}
          </Typography>
        )}
      </Stack>
      {rest.error !== undefined && <Alert severity="error">{t('notFound', { code: rest.error.code, message: rest.error.message })}</Alert>}
      {rest.loading && order === undefined && <Typography color="text.secondary">{t('loading')}</Typography>}
      {order !== undefined && (
        <Stack spacing={2}>
          <Header order={order} />
          <Lifecycle order={order} actor={actor} onChanged={reloadAll} />
          <Fields order={order} />
          <EvidenceSection order={order} />
          <Comments order={order} actor={actor} onPosted={reloadAll} />
          <AuditTrail entries={audit.data?.entries} error={audit.error} />
        </Stack>
      )}
    </Box>
  );
}

function Header({ order }: { readonly order: WorkOrder }) {
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <PriorityChip priority={order.priority} />
      <Typography variant="h5" component="h1" sx={{ wordBreak: 'break-word' }}>
        {order.title}
      </Typography>
      <span data-testid="work-order-status" data-status={order.status}>
        <StatusChip status={order.status} />
      </span>
    </Stack>
  );
}

function Section({ title, children }: { readonly title: string; readonly children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

function Lifecycle({ order, actor, onChanged }: { readonly order: WorkOrder; readonly actor: string; readonly onChanged: () => void }) {
  const t = useT(messages);
  const send = async (target: WorkOrderStatus, extra: ClosingFields) => {
    try {
      await api.put<WorkOrder>(`/api/v1/work-orders/${encodeURIComponent(order.id)}`, {
        status: target,
        ...extra,
        ...(actor.trim() === '' ? {} : { actor: actor.trim() }),
      });
    } finally {
      // After a refusal too: a 409 usually means someone else moved the order, so show where it is now.
      onChanged();
    }
  };
  return (
    <Section title={t('lifecycle')}>
      <LifecycleControls status={order.status} onTransition={send} />
    </Section>
  );
}

function Fields({ order }: { readonly order: WorkOrder }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const date = (iso: string | null | undefined) =>
    iso == null ? t('none') : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const rows: [string, ReactNode][] = [
    [t('colId'), order.id],
    [
      t('colAsset'),
      <Link key="asset" component={RouterLink} to={`/assets/${encodeURIComponent(order.assetId)}`}>
        {order.assetId}
      </Link>,
    ],
    [t('colType'), t(`type.${workOrderType(order)}`)],
    [t('fieldCause'), t(`cause.${order.cause}`)],
    [t('colDue'), date(order.dueDate)],
    [t('colAssigned'), order.assignedTo ?? t('none')],
    [t('fieldFailureMode'), order.failureMode ?? t('none')],
    [t('fieldSkills'), order.requiredSkills?.length ? order.requiredSkills.join(', ') : t('none')],
    [
      t('fieldDuration'),
      order.estimatedDurationHours == null
        ? t('none')
        : t('durationHours', { hours: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(order.estimatedDurationHours) }),
    ],
    [t('fieldCreated'), date(order.createdAt)],
    [t('colUpdated'), date(order.updatedAt)],
  ];
  if (order.closureCode != null) rows.push([t('fieldClosure'), t(`closure.${order.closureCode}`)]);
  if (order.closureNote != null) rows.push([t('fieldClosureNote'), order.closureNote]);
  if (order.cancelReason != null) rows.push([t('fieldCancelReason'), order.cancelReason]);
  return (
    <Section title={t('fields')}>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'minmax(120px, max-content) 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
        {rows.map(([label, value]) => (
          <Box key={label} sx={{ display: 'contents' }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-word' }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
      {order.description !== '' && (
        <Box sx={{ mt: 1 }}>
          <Typography variant="body2" color="text.secondary">
            {t('fieldDescription')}
          </Typography>
          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
            {order.description}
          </Typography>
        </Box>
      )}
    </Section>
  );
}

/** What the orchestrator recorded as the order's evidence: anomalies and RUL predictions (exported for its test). */
export function EvidenceSection({ order }: { readonly order: WorkOrder }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const evidence = useMemo(() => readEvidence(order.evidence), [order.evidence]);
  const n = (v: number, digits = 2) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  const time = (iso: string) =>
    iso === '' ? t('none') : new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
  const empty = evidence.anomalies.length === 0 && evidence.rul.length === 0;
  return (
    <Section title={t('evidence')}>
      {empty && <Typography color="text.secondary">{t('noEvidence')}</Typography>}
      {evidence.anomalies.length > 0 && (
        <Box data-testid="evidence-anomalies" sx={{ mb: 1 }}>
          <Typography variant="subtitle2">{t('anomalies')}</Typography>
          {evidence.anomalies.map((a) => (
            <AnomalyEntry key={a.anomalyId} order={order} entry={a} n={n} time={time} t={t} locale={locale} />
          ))}
        </Box>
      )}
      {evidence.rul.length > 0 && (
        <Box data-testid="evidence-rul">
          <Typography variant="subtitle2">{t('rul')}</Typography>
          {evidence.rul.map((r) => (
            <Box key={r.predictionId} sx={{ py: 0.5, borderTop: 1, borderColor: 'divider' }}>
              <Typography variant="body2">
                {time(r.predictedAt)} ·{' '}
                {t(r.upperUnbounded ? 'rulLineOpen' : 'rulLine', {
                  rul: n(r.rul, 1),
                  lower: n(r.lower, 1),
                  upper: n(r.upper, 1),
                  level: n(r.level * 100, 0),
                  health: n(r.healthIndex),
                })}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {t('modelVersion', { version: r.modelVersion })}
                {r.decidedBy !== null &&
                  ` · ${t('decidedBy', { rule: r.decidedBy.ruleId ?? t('none'), version: r.decidedBy.ruleSetVersion })}`}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Section>
  );
}

function AnomalyEntry(props: {
  readonly order: WorkOrder;
  readonly entry: AnomalyEvidenceView;
  readonly n: (v: number, digits?: number) => string;
  readonly time: (iso: string) => string;
  readonly t: T;
  readonly locale: string;
}) {
  const { entry: a, n, time, t } = props;
  const assetLink =
    `/assets/${encodeURIComponent(props.order.assetId)}` +
    (a.window === null ? '' : `?${new URLSearchParams({ from: a.window.start, to: a.window.end })}`);
  return (
    <Box sx={{ py: 0.5, borderTop: 1, borderColor: 'divider' }}>
      <Typography variant="body2">
        {time(a.detectedAt)} ·{' '}
        {t('anomalyLine', {
          score: n(a.score),
          criticality: CRITICALITIES.has(a.criticality) ? t(`criticality.${a.criticality as Criticality}`) : a.criticality,
          sensor: a.sensorId,
        })}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        {t('modelVersion', { version: a.modelVersion })}
        {a.decidedBy !== null && ` · ${t('decidedBy', { rule: a.decidedBy.ruleId ?? t('none'), version: a.decidedBy.ruleSetVersion })}`}
        {a.window !== null && ` · ${t('window', { start: time(a.window.start), end: time(a.window.end) })}`}
      </Typography>
      <Link component={RouterLink} to={assetLink} variant="caption" data-testid="evidence-asset-link">
        {t('openAsset')}
      </Link>
      {a.contributors.length > 0 && (
        <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label={t('contributors')}>
          {a.contributors.map((c) => (
            <Typography component="li" variant="caption" key={`${c.sensorId}/${c.feature}`}>
              {t('contributorLine', {
                feature: c.feature,
                sensor: c.sensorId,
                value: n(c.value, 3),
                baseline: n(c.baseline, 3),
                z: `${new Intl.NumberFormat(props.locale, { maximumFractionDigits: 1, signDisplay: 'always' }).format(c.z)}σ`,
              })}
            </Typography>
          ))}
        </Box>
      )}
    </Box>
  );
}

function Comments({ order, actor, onPosted }: { readonly order: WorkOrder; readonly actor: string; readonly onPosted: () => void }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const post = async () => {
    setBusy(true);
    setError(null);
    try {
      // Until SSO, a comment without a name is signed as the server signs changes without one.
      await api.post(`/api/v1/work-orders/${encodeURIComponent(order.id)}/comments`, {
        author: actor.trim() || 'anonymous',
        text: text.trim(),
      });
      setText('');
      onPosted();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const comments = order.comments ?? [];
  return (
    <Section title={t('comments')}>
      {comments.length === 0 ? (
        <Typography color="text.secondary">{t('noComments')}</Typography>
      ) : (
        <Stack spacing={1} sx={{ mb: 1 }} data-testid="comment-list">
          {comments.map((c) => (
            <Box key={c.id} data-testid="comment">
              <Typography variant="caption" color="text.secondary">
                {c.author} · {new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(c.createdAt))}
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {c.text}
              </Typography>
            </Box>
          ))}
        </Stack>
      )}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', mt: 1 }}>
        <TextField
          size="small"
          fullWidth
          multiline
          placeholder={t('commentPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          slotProps={{ htmlInput: { 'data-testid': 'comment-input', maxLength: 5000, 'aria-label': t('commentPlaceholder') } }}
        />
        <Button variant="contained" disabled={busy || text.trim() === ''} onClick={() => void post()} data-testid="comment-submit">
          {t('commentSubmit')}
        </Button>
      </Stack>
      {error !== null && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {t('commentError', { code: error.code, message: error.message })}
        </Alert>
      )}
    </Section>
  );
}

function AuditTrail({
  entries,
  error,
}: {
  readonly entries: readonly WorkOrderAuditEntry[] | undefined;
  readonly error: ApiError | undefined;
}) {
  const t = useT(messages);
  const { locale } = useLanguage();
  // Statuses and closure codes are shown in the page's language; other values as the server recorded them.
  const show = (what: string, v: unknown): string => {
    if (v === null || v === undefined) return t('none');
    if (what === 'status' && WorkOrderStatus.safeParse(v).success) return t(`status.${v as WorkOrderStatus}`);
    if (what === 'closureCode' && ClosureCode.safeParse(v).success) return t(`closure.${v as ClosureCode}`);
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  return (
    <Section title={t('audit')}>
      {error !== undefined && <Alert severity="error">{t('errorLoad', { code: error.code, message: error.message })}</Alert>}
      {entries !== undefined && entries.length === 0 && <Typography color="text.secondary">{t('noAudit')}</Typography>}
      {entries !== undefined && entries.length > 0 && (
        <Box component="ol" sx={{ m: 0, pl: 2, maxHeight: 320, overflow: 'auto' }} data-testid="audit-trail">
          {entries.map((e) => (
            <Typography component="li" variant="body2" key={e.id} sx={{ wordBreak: 'break-word' }}>
              <Typography component="span" variant="caption" color="text.secondary">
                {new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(e.at))}{' '}
              </Typography>
              {t('auditLine', { actor: e.actor, what: AUDIT_FIELDS.has(e.what) ? t(`audit.${e.what as AuditField}`) : e.what })}:{' '}
              {show(e.what, e.from)} → {show(e.what, e.to)}
            </Typography>
          ))}
        </Box>
      )}
    </Section>
  );
}
