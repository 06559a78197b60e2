import { useMemo, useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { Priority, WorkOrderStatus, type WorkOrder } from '@vigie/contracts';
import type { ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { MultiSelectField, SelectField } from '../../components/SelectField';
import { useLanguage, useT } from '../../i18n/i18n';
import { useLive } from '../../live/LiveProvider';
import { compareWorkOrders } from '../../state/ordering';
import { boardColumns, type BoardColumn } from './board';
import { PriorityChip, StatusChip } from './chips';
import {
  activeFilterCount,
  filterWorkOrders,
  mergeWorkOrders,
  NO_FILTERS,
  parseWorkOrderQuery,
  WORK_ORDER_TYPES,
  workOrderQueryParams,
  workOrderType,
  type WorkOrderFilters,
  type WorkOrderQuery,
} from './filters';
import { messages } from './messages';

/** The REST list is refreshed this often; live updates of open orders arrive in between. */
const REFRESH_MS = 30_000;

/** The orders known to REST and live, merged by id (newest updatedAt wins), most urgent first. */
function useWorkOrders() {
  const rest = useApi<{ workOrders: WorkOrder[] }>('/api/v1/work-orders?limit=1000', REFRESH_MS);
  const { plant } = useLive();
  const orders = useMemo(
    () => mergeWorkOrders(rest.data?.workOrders ?? [], plant.workOrders).sort(compareWorkOrders),
    [rest.data, plant.workOrders],
  );
  return { orders, error: rest.error, loading: rest.loading && rest.data === undefined };
}

/** Work orders (`/work-orders`): a list and a board, filters kept in the URL so a link reproduces the view. */
export function WorkOrdersPage() {
  const { orders, error, loading } = useWorkOrders();
  const { plant } = useLive();
  const knownAssets = useMemo(() => plant.assets.map((a) => a.id), [plant.assets]);
  return <WorkOrdersView orders={orders} knownAssetIds={knownAssets} error={error} loading={loading} />;
}

/** The page without its data sources: `orders` most urgent first; the query (view, filters) lives in the URL. */
export function WorkOrdersView({
  orders,
  knownAssetIds,
  error,
  loading,
}: {
  readonly orders: readonly WorkOrder[];
  readonly knownAssetIds: readonly string[];
  readonly error: ApiError | undefined;
  readonly loading: boolean;
}) {
  const t = useT(messages);
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseWorkOrderQuery(params), [params]);
  const setQuery = (next: WorkOrderQuery) => setParams(workOrderQueryParams(next), { replace: true });
  const setFilters = (filters: Partial<WorkOrderFilters>) => setQuery({ ...query, filters: { ...query.filters, ...filters } });
  const shown = useMemo(() => filterWorkOrders(orders, query.filters), [orders, query.filters]);
  const assetIds = useMemo(
    () =>
      [...new Set([...knownAssetIds, ...orders.map((o) => o.assetId), ...(query.filters.assetId ? [query.filters.assetId] : [])])].sort(),
    [knownAssetIds, orders, query.filters.assetId],
  );

  return (
    <Box data-testid="page-work-orders" sx={{ p: { xs: 1, sm: 2 }, minWidth: 0 }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', gap: 1, mb: 2 }}>
        <Typography variant="h5" component="h1">
          {t('title')}
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={query.view}
          onChange={(_, view: WorkOrderQuery['view'] | null) => view !== null && setQuery({ ...query, view })}
        >
          <ToggleButton value="list" data-testid="view-list">
            {t('viewList')}
          </ToggleButton>
          <ToggleButton value="board" data-testid="view-board">
            {t('viewBoard')}
          </ToggleButton>
        </ToggleButtonGroup>
      </Stack>

      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 2, alignItems: 'center' }}>
        <MultiSelectField
          label={t('filterStatus')}
          testId="filter-status"
          minWidth={160}
          value={query.filters.statuses}
          options={WorkOrderStatus.options.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(statuses) => setFilters({ statuses: statuses as WorkOrderStatus[] })}
        />
        <MultiSelectField
          label={t('filterPriority')}
          testId="filter-priority"
          minWidth={120}
          value={query.filters.priorities}
          options={Priority.options}
          onChange={(priorities) => setFilters({ priorities: priorities as Priority[] })}
        />
        <SelectField
          label={t('filterAsset')}
          testId="filter-asset"
          minWidth={140}
          value={query.filters.assetId ?? ''}
          anyLabel={t('filterAny')}
          options={assetIds}
          onChange={(assetId) => setFilters({ assetId: assetId === '' ? null : assetId })}
        />
        <SelectField
          label={t('filterType')}
          testId="filter-type"
          minWidth={130}
          value={query.filters.type ?? ''}
          anyLabel={t('filterAny')}
          options={WORK_ORDER_TYPES.map((type) => ({ value: type, label: t(`type.${type}`) }))}
          onChange={(type) => setFilters({ type: type === '' ? null : (type as WorkOrderFilters['type']) })}
        />
        <TextField
          size="small"
          type="search"
          label={t('filterText')}
          sx={{ minWidth: 160, flex: '1 1 160px', maxWidth: 320 }}
          slotProps={{ htmlInput: { 'data-testid': 'filter-text' } }}
          value={query.filters.text}
          onChange={(e) => setFilters({ text: e.target.value })}
        />
        {activeFilterCount(query.filters) > 0 && (
          <Button size="small" onClick={() => setQuery({ ...query, filters: NO_FILTERS })} data-testid="filter-clear">
            {t('clearFilters')}
          </Button>
        )}
        <Typography variant="body2" color="text.secondary" data-testid="work-order-count">
          {t('count', { shown: shown.length, total: orders.length })}
        </Typography>
      </Stack>

      {error !== undefined && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t('errorLoad', { code: error.code, message: error.message })}
        </Alert>
      )}
      {loading ? (
        <Typography color="text.secondary">{t('loading')}</Typography>
      ) : query.view === 'list' ? (
        <WorkOrderTable orders={shown} />
      ) : (
        <WorkOrderBoard orders={shown} />
      )}
    </Box>
  );
}

function WorkOrderTable({ orders }: { readonly orders: readonly WorkOrder[] }) {
  const t = useT(messages);
  const { locale } = useLanguage();
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });
  if (orders.length === 0) return <Typography color="text.secondary">{t('empty')}</Typography>;
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ maxWidth: '100%', overflowX: 'auto' }}>
      <Table size="small" stickyHeader>
        <TableHead>
          <TableRow>
            <TableCell>{t('colPriority')}</TableCell>
            <TableCell>{t('colTitle')}</TableCell>
            <TableCell>{t('colAsset')}</TableCell>
            <TableCell>{t('colStatus')}</TableCell>
            <TableCell>{t('colType')}</TableCell>
            <TableCell>{t('colDue')}</TableCell>
            <TableCell>{t('colAssigned')}</TableCell>
            <TableCell>{t('colUpdated')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {orders.map((o) => (
            <TableRow key={o.id} hover data-testid="work-order-row" data-work-order-id={o.id} data-status={o.status}>
              <TableCell>
                <PriorityChip priority={o.priority} />
              </TableCell>
              <TableCell sx={{ minWidth: 200 }}>
                <Link component={RouterLink} to={`/work-orders/${encodeURIComponent(o.id)}`}>
                  {o.title}
                </Link>
              </TableCell>
              <TableCell>
                <Link component={RouterLink} to={`/assets/${encodeURIComponent(o.assetId)}`}>
                  {o.assetId}
                </Link>
              </TableCell>
              <TableCell>
                <StatusChip status={o.status} />
              </TableCell>
              <TableCell>{t(`type.${workOrderType(o)}`)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{o.dueDate === null ? t('none') : date.format(new Date(o.dueDate))}</TableCell>
              <TableCell>{o.assignedTo ?? t('none')}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{date.format(new Date(o.updatedAt))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** Columns per status; the board scrolls horizontally inside its box (tablets). */
function WorkOrderBoard({ orders }: { readonly orders: readonly WorkOrder[] }) {
  const columns = useMemo(() => boardColumns(orders), [orders]);
  return (
    <Box
      data-testid="work-order-board"
      sx={{ display: 'flex', gap: 1.5, overflowX: 'auto', pb: 1, maxWidth: '100%', alignItems: 'flex-start' }}
    >
      {columns.map((c) => (
        <BoardColumnView key={c.status} column={c} />
      ))}
    </Box>
  );
}

function BoardColumnView({ column }: { readonly column: BoardColumn }) {
  const t = useT(messages);
  const [expanded, setExpanded] = useState(!column.closed);
  const total = column.orders.length + column.hidden;
  return (
    <Paper variant="outlined" data-testid={`board-column-${column.status}`} sx={{ flex: '0 0 220px', p: 1, bgcolor: 'action.hover' }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
        <Typography variant="subtitle2" component="h2">
          {t(`status.${column.status}`)} ({total})
        </Typography>
        {column.closed && total > 0 && (
          <Button size="small" onClick={() => setExpanded(!expanded)}>
            {expanded ? t('hideClosed') : t('showClosed', { count: column.orders.length })}
          </Button>
        )}
      </Stack>
      {expanded && (
        <Stack spacing={1}>
          {column.orders.map((o) => (
            <Card key={o.id} variant="outlined" data-testid="work-order-card" data-work-order-id={o.id}>
              <CardActionArea component={RouterLink} to={`/work-orders/${encodeURIComponent(o.id)}`} sx={{ p: 1 }}>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
                  <PriorityChip priority={o.priority} />
                  <Typography variant="caption" color="text.secondary">
                    {o.assetId}
                  </Typography>
                </Stack>
                <Typography variant="body2">{o.title}</Typography>
                {o.assignedTo !== null && (
                  <Typography variant="caption" color="text.secondary">
                    {o.assignedTo}
                  </Typography>
                )}
              </CardActionArea>
            </Card>
          ))}
          {column.hidden > 0 && (
            <Typography variant="caption" color="text.secondary">
              {t('olderHidden', { count: column.hidden })}
            </Typography>
          )}
        </Stack>
      )}
    </Paper>
  );
}
