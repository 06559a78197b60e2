import Chip from '@mui/material/Chip';
import type { Priority, WorkOrderStatus } from '@vigie/contracts';
import { useT } from '../../i18n/i18n';
import { messages } from './messages';

/** MUI colours of the priorities, shared with the planning Gantt's bars. */
export const PRIORITY_COLOR: Readonly<Record<Priority, 'error' | 'warning' | 'info' | 'default'>> = {
  P1: 'error',
  P2: 'warning',
  P3: 'info',
  P4: 'default',
};

const STATUS_COLOR: Readonly<Record<WorkOrderStatus, 'default' | 'primary' | 'secondary' | 'success' | 'info' | 'warning'>> = {
  requested: 'default',
  approved: 'info',
  planned: 'secondary',
  assigned: 'primary',
  in_progress: 'warning',
  done: 'success',
  cancelled: 'default',
};

export function PriorityChip({ priority }: { readonly priority: Priority }) {
  return <Chip size="small" label={priority} color={PRIORITY_COLOR[priority]} />;
}

export function StatusChip({ status }: { readonly status: WorkOrderStatus }) {
  const t = useT(messages);
  return <Chip size="small" variant="outlined" label={t(`status.${status}`)} color={STATUS_COLOR[status]} data-status={status} />;
}
