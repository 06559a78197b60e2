import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { WorkOrder } from '@vigie/contracts';
import { Link } from 'react-router';
import { formatDate, formatRelative, shortId } from '../../format';
import { useNow } from '../../hooks/use-now';
import { causeKey, priorityKey, useCommonT, workOrderStatusKey } from '../../i18n/common';
import { useLanguage, useT } from '../../i18n/i18n';
import { hmi, monoFont, priorityTone } from '../../theme';
import { overviewMessages } from './messages';
import { countByPriority, PRIORITIES } from './overview-stats';
import { Empty, Loading, Section, ToneChip } from './parts';
import { Count } from './OpenAlerts';

export interface WorkOrdersPanelProps {
  /** Open orders, already in display order (priority, then due date). */
  readonly workOrders: readonly WorkOrder[];
  readonly assetNames: ReadonlyMap<string, string>;
  readonly synced: boolean;
}

/**
 * Open work orders: counts per priority (P1–P4), then the table; each order links to its page, where the rest (creation
 * time, evidence, history) is.
 */
export function WorkOrdersPanel({ workOrders, assetNames, synced }: WorkOrdersPanelProps) {
  const t = useT(overviewMessages);
  const tc = useCommonT();
  const { locale } = useLanguage();
  const now = useNow(30_000); // "overdue" flips without waiting for a message
  const counts = countByPriority(workOrders);
  return (
    <Section testId="work-orders-panel" title={t('workOrders')} aside={synced && <Count n={workOrders.length} />}>
      {!synced ? (
        <Loading rows={4} />
      ) : (
        <>
          <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 1 }}>
            {PRIORITIES.map((p) => (
              <Box
                key={p}
                data-testid={`priority-count-${p}`}
                data-count={counts[p]}
                title={tc(priorityKey(p))}
                sx={{ border: 1, borderColor: 'divider', borderRadius: 1, px: 1, py: 0.5, textAlign: 'center', bgcolor: hmi.surface2 }}
              >
                <ToneChip tone={counts[p] === 0 ? 'neutral' : priorityTone[p]}>{p}</ToneChip>
                <Box sx={{ fontSize: 22, fontWeight: 650, fontVariantNumeric: 'tabular-nums' }}>{counts[p]}</Box>
              </Box>
            ))}
          </Box>
          {workOrders.length === 0 ? (
            <Empty>{t('noWorkOrders')}</Empty>
          ) : (
            <TableContainer sx={{ maxHeight: 360, overflow: 'auto' }}>
              <Table size="small" stickyHeader>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('col.id')}</TableCell>
                    <TableCell>{t('col.asset')}</TableCell>
                    <TableCell>{t('col.title')}</TableCell>
                    <TableCell>{t('col.priority')}</TableCell>
                    <TableCell>{t('col.status')}</TableCell>
                    <TableCell>{t('col.due')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {workOrders.map((wo) => {
                    const overdue = wo.dueDate !== null && Date.parse(wo.dueDate) < now;
                    return (
                      <TableRow key={wo.id} hover data-testid="work-order-row" data-work-order-id={wo.id} data-priority={wo.priority}>
                        <TableCell>
                          <Box
                            component={Link}
                            to={`/work-orders/${encodeURIComponent(wo.id)}`}
                            title={wo.id}
                            sx={{ fontFamily: monoFont }}
                          >
                            {shortId(wo.id)}
                          </Box>
                        </TableCell>
                        <TableCell title={wo.assetId}>{assetNames.get(wo.assetId) ?? wo.assetId}</TableCell>
                        <TableCell title={wo.description || wo.title} sx={{ minWidth: 180 }}>
                          <Link to={`/work-orders/${encodeURIComponent(wo.id)}`}>{wo.title}</Link>
                          <Box component="span" sx={{ color: 'text.secondary', fontSize: 12 }}>
                            {' · '}
                            {tc(causeKey(wo.cause))}
                          </Box>
                        </TableCell>
                        <TableCell>
                          <ToneChip tone={priorityTone[wo.priority]} title={tc(priorityKey(wo.priority))}>
                            {wo.priority}
                          </ToneChip>
                        </TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{tc(workOrderStatusKey(wo.status))}</TableCell>
                        <TableCell title={wo.dueDate ?? undefined} sx={{ whiteSpace: 'nowrap', color: overdue ? hmi.alarm : undefined }}>
                          {formatDate(wo.dueDate, locale)}
                          {wo.dueDate !== null && (
                            <Box component="span" sx={{ display: 'block', fontSize: 12 }}>
                              {overdue
                                ? t('overdueRelative', { relative: formatRelative(wo.dueDate, now, locale) })
                                : formatRelative(wo.dueDate, now, locale)}
                            </Box>
                          )}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </TableContainer>
          )}
        </>
      )}
    </Section>
  );
}
