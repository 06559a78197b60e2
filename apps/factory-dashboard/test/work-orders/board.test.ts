import { describe, expect, it } from 'vitest';
import { boardColumns } from '../../src/pages/work-orders/board';
import { workOrder } from '../fixtures';

describe('boardColumns', () => {
  it('has one column per status in lifecycle order; done and cancelled are marked closed', () => {
    const cols = boardColumns([]);
    expect(cols.map((c) => c.status)).toEqual(['requested', 'approved', 'planned', 'assigned', 'in_progress', 'done', 'cancelled']);
    expect(cols.filter((c) => c.closed).map((c) => c.status)).toEqual(['done', 'cancelled']);
  });

  it('sorts open columns most urgent first', () => {
    const cols = boardColumns([
      workOrder({ id: 'low', priority: 'P4' }),
      workOrder({ id: 'high', priority: 'P1' }),
      workOrder({ id: 'due-soon', priority: 'P4', dueDate: '2025-01-11T00:00:00Z' }),
    ]);
    expect(cols[0]!.orders.map((o) => o.id)).toEqual(['high', 'due-soon', 'low']);
  });

  it('keeps only the most recently updated closed orders and counts the rest', () => {
    const done = Array.from({ length: 5 }, (_, i) => workOrder({ id: `d${i}`, status: 'done', updatedAt: `2025-01-1${i}T00:00:00Z` }));
    const col = boardColumns(done, 3).find((c) => c.status === 'done')!;
    expect(col.orders.map((o) => o.id)).toEqual(['d4', 'd3', 'd2']);
    expect(col.hidden).toBe(2);
  });
});
