import type { OperationRecord } from '@vigie/contracts';
import { emptyFlagCounts, type BatchReport } from './pipeline-report';

/** Sums reports of consecutive calls on one pipeline (a push then a flush); operation params are the latest. */
export function mergeReports(reports: readonly BatchReport[]): BatchReport {
  const total: BatchReport = {
    received: 0,
    emitted: 0,
    duplicates: 0,
    late: 0,
    outOfRange: 0,
    badQuality: 0,
    unimputable: 0,
    flags: emptyFlagCounts(),
    operations: [],
  };
  const ops = new Map<string, OperationRecord>();
  for (const r of reports) {
    total.received += r.received;
    total.emitted += r.emitted;
    total.duplicates += r.duplicates;
    total.late += r.late;
    total.outOfRange += r.outOfRange;
    total.badQuality += r.badQuality;
    total.unimputable += r.unimputable;
    for (const [f, n] of Object.entries(r.flags)) total.flags[f as keyof typeof total.flags] += n;
    for (const op of r.operations) {
      const prev = ops.get(op.op);
      const dropped = (prev?.dropped ?? 0) + (op.dropped ?? 0);
      ops.set(op.op, {
        ...op,
        affected: (prev?.affected ?? 0) + op.affected,
        ...(op.dropped === undefined && prev?.dropped === undefined ? {} : { dropped }),
      });
    }
  }
  total.operations = [...ops.values()];
  return total;
}
