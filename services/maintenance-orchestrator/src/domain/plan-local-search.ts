import type { PlanCostWeights, TechnicianDay } from './plan-cost';
import { canPerform, type PlanJob, type PlannedAssignment, type PlanTechnician } from './planning';
import { PRIORITY_WEIGHT } from './priority';

/**
 * Iterated local search over the planning MILP's own plan space (milp-planning.ts): each job on one technician-day or
 * left out; a technician-day runs its jobs back to back from its start in the planning order (the order of `jobs`).
 * It turns the greedy plan into a much better incumbent in a fraction of a second, which the MILP gets as its
 * starting solution and as the cutoff that prunes its columns — HiGHS then spends its time on the bound.
 *
 * Moves: relocate one job to another technician-day (or in from "left out"), swap two jobs of different days; descent
 * to a local optimum, then random kicks (a few relocations) with restarts from the best plan until the deadline.
 * Every plan it returns is feasible (each day ends by its limit) and never costs more than the start plan.
 */

const HOUR_MS = 3_600_000;

export interface LocalSearchInput {
  /** Jobs in the planning order (byEdd). */
  readonly jobs: readonly PlanJob[];
  readonly technicians: readonly PlanTechnician[];
  readonly days: readonly TechnicianDay[];
  /** Day index of each job in the start plan, −1 when left out. Must be feasible. */
  readonly start: readonly number[];
  readonly weights: PlanCostWeights;
  /** performance.now() after which no new kick starts. */
  readonly deadline: number;
  readonly seed?: number;
}

export interface LocalSearchResult {
  /** Day index of each job, −1 when left out. */
  readonly dayOf: readonly number[];
  /** Cost of that plan (tardiness + overtime + left-out penalties, as evaluatePlan prices it). */
  readonly cost: number;
  readonly startCost: number;
  readonly kicks: number;
}

export function improvePlanLocally(input: LocalSearchInput): LocalSearchResult {
  const { jobs, days, weights } = input;
  const n = jobs.length;
  const techById = new Map(input.technicians.map((t) => [t.id, t]));
  const dur = jobs.map((j) => j.durationHours * HOUR_MS);
  const due = jobs.map((j) => j.dueDate?.getTime() ?? Number.POSITIVE_INFINITY);
  const weight = jobs.map((j) => PRIORITY_WEIGHT[j.priority]);
  const leftOut = jobs.map((j) => PRIORITY_WEIGHT[j.priority] * weights.unassignedPenaltyHours);
  const eligible: number[][] = jobs.map((job, ji) =>
    days.flatMap((d, di) => (dur[ji]! <= d.limit - d.start + 1e-6 && canPerform(techById.get(d.technicianId)!, job) ? [di] : [])),
  );

  /** Cost of one day holding `list` (job indices in the planning order); Infinity when it overruns its limit. */
  const dayCost = (di: number, list: readonly number[]): number => {
    const d = days[di]!;
    let clock = d.start;
    let cost = 0;
    for (const j of list) {
      clock += dur[j]!;
      if (clock > d.limit + 1e-6) return Number.POSITIVE_INFINITY;
      if (clock > due[j]!) cost += (weight[j]! * (clock - due[j]!)) / HOUR_MS;
    }
    if (clock > d.shiftEnd) cost += (weights.overtimeCostPerHour * (clock - d.shiftEnd)) / HOUR_MS;
    return cost;
  };
  const withJob = (list: readonly number[], j: number): number[] => {
    const out = [...list];
    let k = out.length;
    while (k > 0 && out[k - 1]! > j) k -= 1;
    out.splice(k, 0, j);
    return out;
  };
  const without = (list: readonly number[], j: number): number[] => list.filter((x) => x !== j);

  const dayOf = [...input.start];
  const lists: number[][] = days.map(() => []);
  dayOf.forEach((di, j) => {
    if (di >= 0) lists[di]!.push(j);
  });
  const costs = lists.map((l, di) => dayCost(di, l));
  const total = (): number => costs.reduce((s, c) => s + c, 0) + dayOf.reduce((s, di, j) => s + (di < 0 ? leftOut[j]! : 0), 0);
  const startCost = total();
  if (!Number.isFinite(startCost)) throw new Error('PLAN_INFEASIBLE_START: the start plan overruns a technician-day');

  /** Moves j to day `to` (−1: left out) if that lowers the cost by more than eps; returns whether it did. */
  const tryRelocate = (j: number, to: number): boolean => {
    const from = dayOf[j]!;
    if (from === to) return false;
    const fromList = from >= 0 ? without(lists[from]!, j) : null;
    const fromCost = from >= 0 ? dayCost(from, fromList!) : 0;
    const toList = to >= 0 ? withJob(lists[to]!, j) : null;
    const toCost = to >= 0 ? dayCost(to, toList!) : 0;
    const delta =
      (from >= 0 ? fromCost - costs[from]! : -leftOut[j]!) + (to >= 0 ? toCost - costs[to]! : leftOut[j]!);
    if (!(delta < -1e-9)) return false;
    if (from >= 0) {
      lists[from] = fromList!;
      costs[from] = fromCost;
    }
    if (to >= 0) {
      lists[to] = toList!;
      costs[to] = toCost;
    }
    dayOf[j] = to;
    return true;
  };

  const trySwap = (j: number, k: number): boolean => {
    const a = dayOf[j]!;
    const b = dayOf[k]!;
    if (a < 0 || b < 0 || a === b) return false;
    const listA = withJob(without(lists[a]!, j), k);
    const costA = dayCost(a, listA);
    if (!Number.isFinite(costA)) return false;
    const listB = withJob(without(lists[b]!, k), j);
    const costB = dayCost(b, listB);
    if (!(costA + costB - costs[a]! - costs[b]! < -1e-9)) return false;
    lists[a] = listA;
    lists[b] = listB;
    costs[a] = costA;
    costs[b] = costB;
    dayOf[j] = b;
    dayOf[k] = a;
    return true;
  };

  const eligibleSet = eligible.map((e) => new Set(e));
  const descend = (): void => {
    for (let improved = true; improved && performance.now() < input.deadline; ) {
      improved = false;
      for (let j = 0; j < n; j += 1) {
        for (const to of eligible[j]!) if (tryRelocate(j, to)) improved = true;
      }
      for (let j = 0; j < n; j += 1) {
        if (dayOf[j]! < 0) continue;
        for (let k = j + 1; k < n; k += 1) {
          const a = dayOf[j]!;
          const b = dayOf[k]!;
          if (b < 0 || a === b || !eligibleSet[j]!.has(b) || !eligibleSet[k]!.has(a)) continue;
          if (trySwap(j, k)) improved = true;
        }
      }
    }
  };

  descend();
  let best = { dayOf: [...dayOf], cost: total() };
  const random = mulberry32(input.seed ?? 1);
  let kicks = 0;
  const movable = eligible.flatMap((e, j) => (e.length > 1 || (e.length === 1 && dayOf[j]! < 0) ? [j] : []));
  // Kicks stop at the deadline, or once many in a row found nothing better (small instances are done in milliseconds).
  const patience = Math.max(50, 2 * n);
  let sinceImproved = 0;
  while (movable.length > 0 && performance.now() < input.deadline && sinceImproved < patience) {
    kicks += 1;
    sinceImproved += 1;
    // Kick: move a few jobs to random days where they fit, whatever it costs, then descend again.
    const size = 2 + Math.floor(random() * 4);
    for (let m = 0; m < size; m += 1) {
      const j = movable[Math.floor(random() * movable.length)]!;
      const to = eligible[j]![Math.floor(random() * eligible[j]!.length)]!;
      if (to === dayOf[j]) continue;
      const toList = withJob(lists[to]!, j);
      const toCost = dayCost(to, toList);
      if (!Number.isFinite(toCost)) continue;
      const from = dayOf[j]!;
      if (from >= 0) {
        lists[from] = without(lists[from]!, j);
        costs[from] = dayCost(from, lists[from]!);
      }
      lists[to] = toList;
      costs[to] = toCost;
      dayOf[j] = to;
    }
    descend();
    const cost = total();
    if (cost < best.cost - 1e-9) {
      best = { dayOf: [...dayOf], cost };
      sinceImproved = 0;
    } else {
      // Back to the best plan before the next kick.
      dayOf.splice(0, n, ...best.dayOf);
      days.forEach((_, di) => (lists[di] = []));
      dayOf.forEach((di, j) => {
        if (di >= 0) lists[di]!.push(j);
      });
      lists.forEach((l, di) => (costs[di] = dayCost(di, l)));
    }
  }
  return { dayOf: best.dayOf, cost: best.cost, startCost, kicks };
}

/** The schedule of a plan: each day's jobs back to back from its start, in the planning order. */
export function scheduleOf(
  jobs: readonly PlanJob[],
  days: readonly TechnicianDay[],
  dayOf: readonly number[],
): { assignments: PlannedAssignment[]; unassigned: string[] } {
  const assignments: PlannedAssignment[] = [];
  const clock = days.map((d) => d.start);
  jobs.forEach((job, j) => {
    const di = dayOf[j]!;
    if (di < 0) return;
    const start = clock[di]!;
    const end = start + job.durationHours * HOUR_MS;
    clock[di] = end;
    const late = job.dueDate === null ? 0 : Math.max(0, end - job.dueDate.getTime()) / HOUR_MS;
    assignments.push({
      interventionId: job.interventionId,
      workOrderId: job.workOrderId,
      technicianId: days[di]!.technicianId,
      start: new Date(start),
      end: new Date(end),
      tardinessHours: Math.round(late * 1000) / 1000,
    });
  });
  return { assignments, unassigned: jobs.flatMap((job, j) => (dayOf[j]! < 0 ? [job.workOrderId] : [])) };
}

/** Day index of each job in a plan given as assignments (−1: not assigned). */
export function daysOfAssignments(
  jobs: readonly PlanJob[],
  days: readonly TechnicianDay[],
  assignments: readonly Pick<PlannedAssignment, 'workOrderId' | 'technicianId' | 'start' | 'end'>[],
): number[] {
  const index = new Map(jobs.map((j, i) => [j.workOrderId, i]));
  const out = jobs.map(() => -1);
  for (const a of assignments) {
    const j = index.get(a.workOrderId);
    const di = days.findIndex((d) => d.technicianId === a.technicianId && a.start.getTime() >= d.start && a.end.getTime() <= d.limit);
    if (j !== undefined && di >= 0) out[j] = di;
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
