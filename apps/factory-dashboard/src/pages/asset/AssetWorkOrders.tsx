import { memo, useMemo } from 'react';
import { Link as RouterLink } from 'react-router';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { WorkOrder } from '@vigie/contracts';
import { useApi } from '../../api/use-api';
import { formatTime } from '../../format';
import { priorityKey, useCommonT, workOrderStatusKey } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { priorityTone } from '../../theme';
import { assetMessages } from './messages';
import { Note, Panel, ToneChip } from './parts';

const REFRESH_MS = 30_000;

/**
 * The asset's orders (open and closed) from REST merged by id with the open ones pushed live, newest first. The
 * orchestrator filters on `assetId`; the list is filtered here again so a server that ignores the filter cannot
 * show another asset's orders.
 */
export function mergeAssetWorkOrders(assetId: string, rest: readonly WorkOrder[], live: readonly WorkOrder[]): WorkOrder[] {
  const byId = new Map<string, WorkOrder>();
  for (const wo of [...rest, ...live]) {
    if (wo.assetId !== assetId) continue;
    const known = byId.get(wo.id);
    if (known === undefined || Date.parse(wo.updatedAt) >= Date.parse(known.updatedAt)) byId.set(wo.id, wo);
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.id.localeCompare(b.id));
}

export const AssetWorkOrders = memo(function AssetWorkOrders({
  assetId,
  live,
}: {
  readonly assetId: string;
  readonly live: readonly WorkOrder[];
}) {
  const t = useT(assetMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const { data, error, loading } = useApi<{ workOrders: WorkOrder[] }>(
    `/api/v1/work-orders?assetId=${encodeURIComponent(assetId)}&limit=200`,
    REFRESH_MS,
  );
  const orders = useMemo(() => mergeAssetWorkOrders(assetId, data?.workOrders ?? [], live), [assetId, data, live]);
  return (
    <Panel
      title={t('workOrders.title')}
      aside={<Note>{t('workOrders.count', { count: orders.length })}</Note>}
      testId="asset-work-orders"
      loading={loading && data === undefined}
      error={error}
      wide
    >
      {orders.length === 0 ? (
        <Note testId="work-orders-empty">{t('workOrders.empty')}</Note>
      ) : (
        <TableContainer sx={{ maxHeight: 320, overflow: 'auto' }}>
          <Table size="small" stickyHeader>
            <TableHead>
              <TableRow>
                <TableCell>{t('workOrders.colTitle')}</TableCell>
                <TableCell>{t('workOrders.colPriority')}</TableCell>
                <TableCell>{t('workOrders.colStatus')}</TableCell>
                <TableCell>{t('workOrders.colCreated')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {orders.map((wo) => (
                <TableRow key={wo.id} data-testid="asset-work-order-row" data-work-order-id={wo.id} data-status={wo.status}>
                  <TableCell>
                    <Link component={RouterLink} to={`/work-orders/${encodeURIComponent(wo.id)}`}>
                      {wo.title}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <ToneChip tone={priorityTone[wo.priority]}>{tc(priorityKey(wo.priority))}</ToneChip>
                  </TableCell>
                  <TableCell>{tc(workOrderStatusKey(wo.status))}</TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTime(wo.createdAt, locale)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Panel>
  );
});
