import { describe, expect, it } from 'vitest';
import { WorkOrderStatus } from '@vigie/contracts';
import { transitionActions } from '../../src/pages/work-orders/lifecycle';

/** The orchestrator's README: requested → approved → planned → assigned → in_progress → done; non-final → cancelled. */
const EXPECTED: Record<WorkOrderStatus, string[]> = {
  requested: ['approved:none', 'cancelled:reason'],
  approved: ['planned:none', 'cancelled:reason'],
  planned: ['assigned:none', 'cancelled:reason'],
  assigned: ['in_progress:none', 'cancelled:reason'],
  in_progress: ['done:closure', 'cancelled:reason'],
  done: [],
  cancelled: [],
};

describe('transitionActions', () => {
  for (const status of WorkOrderStatus.options) {
    it(`${status}: only the legal next states, each with what it requires`, () => {
      expect(transitionActions(status).map((a) => `${a.target}:${a.input}`)).toEqual(EXPECTED[status]);
    });
  }
  it('never offers staying put or going back', () => {
    const order = WorkOrderStatus.options;
    for (const s of order)
      for (const a of transitionActions(s)) {
        expect(a.target).not.toBe(s);
        if (a.target !== 'cancelled') expect(order.indexOf(a.target)).toBe(order.indexOf(s) + 1);
      }
  });
});
