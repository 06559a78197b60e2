import { AppError } from '@vigie/service-kit';
import type { ClosureCode, WorkOrderStatus } from '@vigie/contracts';
import type { Evidence } from './evidence';

export interface ClosureInput {
  readonly status?: WorkOrderStatus;
  readonly closureCode?: ClosureCode;
  readonly closureNote?: string;
  readonly cancelReason?: string;
}

/**
 * Closing rules of an update that changes the status to `to` (undefined: no status change): 'done' needs a closure code
 * (ClosureCode in @vigie/contracts), 'cancelled' a reason; neither is accepted without its change. Throws a 400 with
 * WORK_ORDER_CLOSURE_CODE_REQUIRED / _UNEXPECTED or WORK_ORDER_CANCEL_REASON_REQUIRED / _UNEXPECTED.
 */
export function checkClosure(to: WorkOrderStatus | undefined, input: ClosureInput): void {
  const closing = to === 'done';
  const cancelling = to === 'cancelled';
  if (closing && input.closureCode === undefined) throw new AppError('WORK_ORDER_CLOSURE_CODE_REQUIRED', undefined, { to });
  if (!closing && (input.closureCode !== undefined || input.closureNote !== undefined)) {
    throw new AppError('WORK_ORDER_CLOSURE_CODE_UNEXPECTED', undefined, { to: to ?? null });
  }
  if (cancelling && input.cancelReason === undefined) throw new AppError('WORK_ORDER_CANCEL_REASON_REQUIRED', undefined, { to });
  if (!cancelling && input.cancelReason !== undefined) {
    throw new AppError('WORK_ORDER_CANCEL_REASON_UNEXPECTED', undefined, { to: to ?? null });
  }
}

/** The distinct model versions named by an order's evidence (anomaly and RUL models), sorted. */
export function evidenceModelVersions(evidence: Evidence): string[] {
  const versions = new Set<string>();
  for (const kind of ['anomalies', 'rul'] as const) {
    for (const entry of (evidence[kind] ?? []) as readonly { modelVersion?: unknown }[]) {
      if (typeof entry.modelVersion === 'string') versions.add(entry.modelVersion);
    }
  }
  return [...versions].sort();
}
