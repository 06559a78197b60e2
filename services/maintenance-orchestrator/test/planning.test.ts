import { describe, expect, it } from 'vitest';
import type { Priority } from '@vigie/contracts';
import { planGreedyEdd, type PlanJob, type PlanTechnician } from '../src/domain/planning';
import { expectConsistentPlan } from './plan-checks';

const HOUR = 3_600_000;
const from = new Date('2030-01-07T00:00:00Z');
const to = new Date(from.getTime() + 7 * 24 * HOUR);
const techs: PlanTechnician[] = [
  { id: 'a', shiftStart: '08:00', shiftEnd: '16:00' },
  { id: 'b', shiftStart: '12:00:00', shiftEnd: '20:00:00' },
];
let n = 0;
const job = (dueInHours: number | null, durationHours: number, priority: Priority = 'P3'): PlanJob => {
  n += 1;
  return {
    interventionId: `i-${n}`,
    workOrderId: `wo-${n}`,
    priority,
    dueDate: dueInHours === null ? null : new Date(from.getTime() + dueInHours * HOUR),
    durationHours,
    createdAt: from,
  };
};

describe('greedy earliest-due-date planning', () => {
  it('never double-books and keeps every job inside a shift', () => {
    const jobs = Array.from({ length: 40 }, (_, i) => job((i % 9) * 12 + 10, 1 + (i % 5), i % 3 === 0 ? 'P1' : 'P3'));
    const plan = planGreedyEdd(jobs, techs, from, to);
    expect(plan.assignments.length + plan.unassigned.length).toBe(40);
    expectConsistentPlan(plan.assignments, techs, from, to);
  });

  it('serves the earliest due date first, on the technician who finishes it first', () => {
    const late = job(100, 2);
    const urgent = job(9, 2);
    const plan = planGreedyEdd([late, urgent], techs, from, to);
    const first = plan.assignments[0]!;
    expect(first.workOrderId).toBe(urgent.workOrderId);
    expect(first).toMatchObject({ technicianId: 'a', tardinessHours: 1 });
    expect(first.start.toISOString()).toBe('2030-01-07T08:00:00.000Z');
  });

  it('computes the objective as priority-weighted tardiness', () => {
    // Due at 01:00 but nobody works before 08:00: 9 h late, a P2 weighs 4.
    const plan = planGreedyEdd([job(1, 2, 'P2')], techs, from, to);
    expect(plan.assignments[0]?.tardinessHours).toBe(9);
    expect(plan.objective).toBe(36);
  });

  it('fills gaps between jobs and moves to the next shift when a day is full', () => {
    const one: PlanTechnician[] = [{ id: 'solo', shiftStart: '08:00', shiftEnd: '12:00' }];
    const plan = planGreedyEdd([job(10, 3), job(11, 3)], one, from, to);
    expect(plan.assignments.map((a) => a.start.toISOString())).toEqual([
      '2030-01-07T08:00:00.000Z',
      '2030-01-08T08:00:00.000Z',
    ]);
  });

  it('leaves unassigned what fits in no shift within the horizon', () => {
    const plan = planGreedyEdd([job(10, 9)], techs, from, to);
    expect(plan.unassigned).toEqual([`wo-${n}`]);
    expect(plan.assignments).toEqual([]);
    expect(planGreedyEdd([job(10, 1)], [], from, to).unassigned).toHaveLength(1);
  });

  it('a job with no due date is never tardy', () => {
    const plan = planGreedyEdd([job(null, 2)], techs, from, to);
    expect(plan.assignments[0]?.tardinessHours).toBe(0);
  });
});
