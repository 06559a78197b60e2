import { describe, expect, it } from 'vitest';
import type { Priority } from '@vigie/contracts';
import highsLoader from 'highs';
import { planMilp, type MilpOptions } from '../src/domain/milp-planning';
import { durationUnitMinutes, planByColumnGeneration } from '../src/domain/planning-column-generation';
import { DEFAULT_PLAN_COST, evaluatePlan, technicianDays } from '../src/domain/plan-cost';
import { byEdd, canPerform, planGreedyEdd, type PlanJob, type PlanTechnician } from '../src/domain/planning';
import { PRIORITY_WEIGHT } from '../src/domain/priority';
import { expectConsistentPlan } from './plan-checks';
import { seededRandom } from '@vigie/service-kit-testing';

const HOUR = 3_600_000;
const from = new Date('2030-01-07T00:00:00Z');
const days = (n: number): Date => new Date(from.getTime() + n * 24 * HOUR);
const exact: MilpOptions = { ...DEFAULT_PLAN_COST, timeLimitSeconds: 30, mipRelGap: 0 };

function instance(seed: number, jobCount: number, techCount: number, horizonDays: number) {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const skills = ['mechanical', 'electrical', 'vibration'];
  const sites = ['north', 'south'];
  const shifts = [
    ['06:00', '12:00'],
    ['08:00', '14:00'],
    ['12:00', '18:00'],
  ] as const;
  const technicians: PlanTechnician[] = Array.from({ length: techCount }, (_, i) => ({
    id: `t${i}`,
    shiftStart: shifts[i % 3]![0],
    shiftEnd: shifts[i % 3]![1],
    skills: [skills[i % 2]!, ...(r() < 0.5 ? ['vibration'] : [])],
    site: sites[i % 2]!,
  }));
  const jobs: PlanJob[] = Array.from({ length: jobCount }, (_, i) => ({
    interventionId: `i${i}`,
    workOrderId: `wo${String(i).padStart(3, '0')}`,
    priority: pick<Priority>(['P1', 'P2', 'P3', 'P4']),
    dueDate: r() < 0.1 ? null : new Date(from.getTime() + Math.round((-6 + r() * horizonDays * 24) * 2) * (HOUR / 2)),
    durationHours: pick([1, 1.5, 2, 3, 4, 5]),
    createdAt: from,
    requiredSkills: r() < 0.4 ? [] : [pick(skills)],
    site: r() < 0.2 ? null : pick(sites),
  }));
  return { jobs, technicians, to: days(horizonDays) };
}

/**
 * The optimum by enumeration: every job on any technician-day that may take it, or left out; each technician-day
 * runs its jobs back to back in the planning order. Priced here, independently of plan-cost.ts.
 */
function bruteForce(jobs: readonly PlanJob[], technicians: readonly PlanTechnician[], to: Date, o: MilpOptions): number {
  const slots = technicianDays(technicians, from, to, o.maxOvertimeHours);
  const ordered = [...jobs].sort(byEdd);
  const choice = new Array<number>(ordered.length).fill(-1);
  let best = Number.POSITIVE_INFINITY;
  const cost = (): number => {
    let total = 0;
    ordered.forEach((j, k) => {
      if (choice[k] === -1) total += PRIORITY_WEIGHT[j.priority] * o.unassignedPenaltyHours;
    });
    for (const [s, slot] of slots.entries()) {
      let clock = slot.start;
      ordered.forEach((j, k) => {
        if (choice[k] !== s) return;
        clock += j.durationHours * HOUR;
        if (j.dueDate) total += PRIORITY_WEIGHT[j.priority] * Math.max(0, (clock - j.dueDate.getTime()) / HOUR);
      });
      if (clock > slot.limit) return Number.POSITIVE_INFINITY;
      total += (o.overtimeCostPerHour * Math.max(0, clock - slot.shiftEnd)) / HOUR;
    }
    return total;
  };
  const visit = (k: number): void => {
    if (k === ordered.length) {
      best = Math.min(best, cost());
      return;
    }
    for (let s = -1; s < slots.length; s++) {
      const slot = slots[s];
      if (
        slot &&
        !canPerform(
          technicians.find((t) => t.id === slot.technicianId)!,
          ordered[k]!,
        )
      )
        continue;
      choice[k] = s;
      visit(k + 1);
    }
    choice[k] = -1;
  };
  visit(0);
  return best;
}

describe('MILP planning (HiGHS)', () => {
  it('matches the brute-force optimum on small instances', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { jobs, technicians, to } = instance(seed, 6, 2, 2);
      const plan = await planMilp(jobs, technicians, from, to, exact);
      expect(plan.method).toBe('milp-highs');
      expect(plan.formulation).toBe('set-partitioning');
      expect(plan.status).toBe('optimal');
      expect(plan.objective, `seed ${seed}`).toBeCloseTo(bruteForce(jobs, technicians, to, exact), 6);
      expect(plan.gap).toBeLessThanOrEqual(1e-6);
    }
  });

  it('column generation proves a lower bound no greater than the optimum, and durations set its time unit', async () => {
    const solver = await highsLoader();
    for (const seed of [11, 12, 13, 14]) {
      const { jobs, technicians, to } = instance(seed, 6, 2, 2);
      const ordered = [...jobs].sort(byEdd);
      const slots = technicianDays(technicians, from, to, exact.maxOvertimeHours);
      const result = planByColumnGeneration(solver, {
        jobs: ordered,
        technicians,
        days: slots,
        incumbent: ordered.map(() => -1), // everything left out: the worst start
        weights: exact,
        deadline: performance.now() + 20_000,
        mipRelGap: 0,
      })!;
      const optimum = bruteForce(jobs, technicians, to, exact);
      expect(result.converged).toBe(true);
      expect(result.lowerBound).toBeLessThanOrEqual(optimum + 1e-6);
      expect(result.cost, `seed ${seed}`).toBeCloseTo(optimum, 6);
    }
    const job = (durationHours: number) => ({ ...instance(1, 1, 1, 1).jobs[0]!, durationHours });
    expect(durationUnitMinutes([job(1.5), job(2)])).toBe(30);
    expect(durationUnitMinutes([job(0.75), job(1)])).toBe(15);
    expect(durationUnitMinutes([job(1 + 1 / 7200)])).toBeNull();
  });

  it('solves durations that are not whole minutes with the compact model, to the same optimum', async () => {
    for (const seed of [1, 2, 3]) {
      const { jobs, technicians, to } = instance(seed, 6, 2, 2);
      const odd = jobs.map((j) => ({ ...j, durationHours: j.durationHours + 1 / 7200 })); // + 0.5 s
      const plan = await planMilp(odd, technicians, from, to, exact);
      expect(plan.formulation).toBe('compact');
      expect(plan.status).toBe('optimal');
      expect(plan.objective, `seed ${seed}`).toBeCloseTo(bruteForce(odd, technicians, to, exact), 2);
    }
  });

  it('never violates skills, site, shifts or overtime, and prices its schedule exactly', async () => {
    const { jobs, technicians, to } = instance(42, 60, 6, 4);
    const plan = await planMilp(jobs, technicians, from, to, { ...DEFAULT_PLAN_COST, timeLimitSeconds: 5, mipRelGap: 0.01 });
    expect(plan.method).toBe('milp-highs');
    expect(plan.assignments.length).toBeGreaterThan(30);
    expect(new Set([...plan.assignments.map((a) => a.workOrderId), ...plan.unassigned]).size).toBe(jobs.length);
    expect(plan.assignments.length + plan.unassigned.length).toBe(jobs.length);
    for (const a of plan.assignments) {
      const job = jobs.find((j) => j.workOrderId === a.workOrderId)!;
      const tech = technicians.find((t) => t.id === a.technicianId)!;
      expect(canPerform(tech, job), `${job.workOrderId} on ${tech.id}`).toBe(true);
      expect(a.end.getTime() - a.start.getTime()).toBe(job.durationHours * HOUR);
    }
    expectConsistentPlan(plan.assignments, technicians, from, to, DEFAULT_PLAN_COST.maxOvertimeHours);
    const slots = technicianDays(technicians, from, to, DEFAULT_PLAN_COST.maxOvertimeHours);
    expect(evaluatePlan(jobs, slots, plan.assignments, plan.unassigned, DEFAULT_PLAN_COST).total).toBeCloseTo(plan.objective, 6);
    expect(plan.dualBound).not.toBeNull();
    expect(plan.dualBound!).toBeLessThanOrEqual(plan.objective + 1e-6);
  });

  it('is never worse than the greedy plan under the same cost', async () => {
    for (const seed of [7, 8, 9]) {
      const { jobs, technicians, to } = instance(seed, 40, 4, 3);
      const plan = await planMilp(jobs, technicians, from, to, { ...DEFAULT_PLAN_COST, timeLimitSeconds: 2, mipRelGap: 0.01 });
      const greedy = planGreedyEdd(jobs, technicians, from, to);
      const slots = technicianDays(technicians, from, to, DEFAULT_PLAN_COST.maxOvertimeHours);
      const greedyCost = evaluatePlan(jobs, slots, greedy.assignments, greedy.unassigned, DEFAULT_PLAN_COST).total;
      expect(plan.greedyObjective).toBeCloseTo(greedyCost, 6);
      expect(plan.objective).toBeLessThanOrEqual(greedyCost + 1e-6);
    }
  });

  it('uses overtime when it costs less than lateness', async () => {
    const solo: PlanTechnician[] = [{ id: 'solo', shiftStart: '08:00', shiftEnd: '12:00' }];
    const job = (id: string): PlanJob => ({
      interventionId: id,
      workOrderId: id,
      priority: 'P1',
      dueDate: new Date(from.getTime() + 12 * HOUR),
      durationHours: 3,
      createdAt: from,
    });
    const plan = await planMilp([job('a'), job('b')], solo, from, days(2), exact);
    // Both today: b ends at 14:00, 2 h late (P1: 16) + 2 h overtime (4) = 20; tomorrow it would be 24 h late.
    expect(plan.assignments.map((a) => a.end.toISOString())).toEqual(['2030-01-07T11:00:00.000Z', '2030-01-07T14:00:00.000Z']);
    expect(plan.cost).toMatchObject({ tardiness: 16, overtime: 4, overtimeHours: 2, total: 20 });
    expect(plan.greedyObjective).toBe(8 * 23);
  });

  it('leaves out, with a reason, what no technician may do or no shift can hold', async () => {
    const techs: PlanTechnician[] = [{ id: 'elec', shiftStart: '08:00', shiftEnd: '16:00', skills: ['electrical'], site: 'north' }];
    const base = { priority: 'P2' as const, dueDate: days(1), createdAt: from, durationHours: 2 };
    const jobs: PlanJob[] = [
      { ...base, interventionId: '', workOrderId: 'needs-welding', requiredSkills: ['welding'] },
      { ...base, interventionId: '', workOrderId: 'other-site', site: 'south' },
      { ...base, interventionId: '', workOrderId: 'too-long', durationHours: 11 },
      { ...base, interventionId: '', workOrderId: 'fine', requiredSkills: ['electrical'], site: 'north' },
    ];
    const plan = await planMilp(jobs, techs, from, days(2), exact);
    expect(plan.assignments.map((a) => a.workOrderId)).toEqual(['fine']);
    expect([...plan.unassignedReasons].sort((a, b) => a.workOrderId.localeCompare(b.workOrderId))).toEqual([
      { workOrderId: 'needs-welding', reason: 'NO_QUALIFIED_TECHNICIAN' },
      { workOrderId: 'other-site', reason: 'NO_QUALIFIED_TECHNICIAN' },
      { workOrderId: 'too-long', reason: 'LONGER_THAN_ANY_SHIFT' },
    ]);
    expect(plan.cost.unassigned).toBe(3 * 4 * DEFAULT_PLAN_COST.unassignedPenaltyHours);
    const greedy = planGreedyEdd(jobs, techs, from, days(2));
    expect(greedy.unassignedReasons.map((u) => u.reason).sort()).toEqual([
      'LONGER_THAN_ANY_SHIFT',
      'NO_QUALIFIED_TECHNICIAN',
      'NO_QUALIFIED_TECHNICIAN',
    ]);
  });

  it('falls back to the greedy plan, with the reason, when the solver fails', async () => {
    const { jobs, technicians, to } = instance(3, 10, 2, 2);
    const plan = await planMilp(jobs, technicians, from, to, { ...exact, mipRelGap: -1 });
    expect(plan.method).toBe('greedy-edd');
    expect(plan.status).toBe('fallback');
    expect(plan.fallbackReason).toMatch(/^SOLVER_FAILED: /);
    expect(plan.objective).toBe(plan.greedyObjective);
    expect(plan.gap).toBeNull();
  });
});
