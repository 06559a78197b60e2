import { describe, expect, it } from 'vitest';
import { WorkOrderStatus } from '@vigie/contracts';
import { canTransition, isFinal } from '../src/domain/lifecycle';

const LEGAL = new Set([
  'requested>approved',
  'approved>planned',
  'planned>assigned',
  'assigned>in_progress',
  'in_progress>done',
  'requested>cancelled',
  'approved>cancelled',
  'planned>cancelled',
  'assigned>cancelled',
  'in_progress>cancelled',
]);

describe('work-order lifecycle', () => {
  const statuses = WorkOrderStatus.options;
  for (const from of statuses) {
    for (const to of statuses) {
      const legal = LEGAL.has(`${from}>${to}`);
      it(`${from} → ${to} is ${legal ? 'legal' : 'illegal'}`, () => {
        expect(canTransition(from, to)).toBe(legal);
      });
    }
  }

  it('done and cancelled are final', () => {
    expect(statuses.filter(isFinal)).toEqual(['done', 'cancelled']);
  });
});
