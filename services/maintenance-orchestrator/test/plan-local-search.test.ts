import { describe, expect, it } from 'vitest';
import type { Priority } from '@vigie/contracts';
import { seededRandom } from '@vigie/service-kit-testing';
import { DEFAULT_PLAN_COST, evaluatePlan, technicianDays } from '../src/domain/plan-cost';
import { daysOfAssignments, improvePlanLocally, scheduleOf } from '../src/domain/plan-local-search';
import { byEdd, planGreedyEdd, type PlanJob, type PlanTechnician } from '../src/domain/planning';

const HOUR = 3_600_000;
const from = new Date('2030-01-07T00:00:00Z');
const to = new Date(from.getTime() + 3 * 24 * HOUR);

function instance(seed: number, jobCount: number) {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const technicians: PlanTechnician[] = Array.from({ length: 4 }, (_, i) => ({
    id: `t${i}`,
    shiftStart: i % 2 === 0 ? '06:00' : '12:00',
    shiftEnd: i % 2 === 0 ? '14:00' : '20:00',
    skills: [i < 2 ? 'mechanical' : 'electrical'],
  }));
  const jobs: PlanJob[] = Array.from({ length: jobCount }, (_, i) => ({
    interventionId: `i${i}`,
    workOrderId: `wo${String(i).padStart(3, '0')}`,
    priority: pick<Priority>(['P1', 'P2', 'P3', 'P4']),
    dueDate: new Date(from.getTime() + Math.round(r() * 60) * HOUR),
    durationHours: pick([1, 1.5, 2, 3, 4]),
    createdAt: from,
    requiredSkills: r() < 0.5 ? [] : [pick(['mechanical', 'electrical'])],
  }));
  return { jobs: [...jobs].sort(byEdd), technicians };
}

describe('planning local search', () => {
  it('returns a feasible plan, priced as evaluatePlan prices it, never worse than where it started', () => {
    for (const seed of [1, 2, 3, 4]) {
      const { jobs, technicians } = instance(seed, 40);
      const days = technicianDays(technicians, from, to, DEFAULT_PLAN_COST.maxOvertimeHours);
      const greedy = planGreedyEdd(jobs, technicians, from, to);
      const start = daysOfAssignments(jobs, days, greedy.assignments);
      const result = improvePlanLocally({ jobs, technicians, days, start, weights: DEFAULT_PLAN_COST, deadline: performance.now() + 300, seed });
      const plan = scheduleOf(jobs, days, result.dayOf);
      // evaluatePlan throws PLAN_OUTSIDE_SHIFTS if a job ends past its day's limit.
      const cost = evaluatePlan(jobs, days, plan.assignments, plan.unassigned, DEFAULT_PLAN_COST);
      expect(cost.total).toBeCloseTo(result.cost, 6);
      expect(result.cost).toBeLessThanOrEqual(result.startCost + 1e-9);
      expect(result.cost, `seed ${seed}`).toBeLessThan(result.startCost); // 40 jobs on 4 people: greedy is never optimal here
      for (const a of plan.assignments) {
        const job = jobs.find((j) => j.workOrderId === a.workOrderId)!;
        const tech = technicians.find((t) => t.id === a.technicianId)!;
        for (const skill of job.requiredSkills ?? []) expect(tech.skills).toContain(skill);
      }
    }
  });

  it('takes a left-out job in when a day has room for it', () => {
    const { jobs, technicians } = instance(9, 6);
    const days = technicianDays(technicians, from, to, DEFAULT_PLAN_COST.maxOvertimeHours);
    const start = jobs.map(() => -1);
    const result = improvePlanLocally({ jobs, technicians, days, start, weights: DEFAULT_PLAN_COST, deadline: performance.now() + 200 });
    expect(result.dayOf.every((d) => d >= 0)).toBe(true);
    expect(result.cost).toBeLessThan(1000); // each left-out job costs ≥ 1,000
  });

  it('refuses a start plan that overruns a technician-day', () => {
    const { jobs, technicians } = instance(3, 12);
    const days = technicianDays(technicians, from, to, 0);
    expect(() =>
      improvePlanLocally({ jobs, technicians, days, start: jobs.map(() => 0), weights: { ...DEFAULT_PLAN_COST, maxOvertimeHours: 0 }, deadline: performance.now() + 50 }),
    ).toThrow(/PLAN_INFEASIBLE_START/);
  });
});
