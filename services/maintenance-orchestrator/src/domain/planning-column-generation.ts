import type { Highs } from 'highs';
import type { PlanCostWeights, TechnicianDay } from './plan-cost';
import { improvePlanLocally } from './plan-local-search';
import { canPerform, type PlanJob, type PlanTechnician } from './planning';
import { PRIORITY_WEIGHT } from './priority';

/**
 * The planning problem as set partitioning over technician-day schedules, solved by column generation with HiGHS.
 *
 * A column is one technician-day's set of jobs, run back to back from the day's start in the planning order (the
 * plan space of milp-planning.ts), priced exactly: Σ weight × hours late + overtime cost × hours past the shift end.
 * Master: min Σ cost·λ + Σ penalty·u  s.t. every job covered once (Σ λ + u_j = 1), every day at most one column.
 * Pricing, for each day: the column of least reduced cost is a knapsack over the jobs in the planning order, solved
 * exactly by dynamic programming over the day's load in units of the durations' greatest common divisor (minutes).
 * Each round's Lagrangian bound (LP value + Σ_days min(0, least reduced cost)) is a valid lower bound on the optimum;
 * the best one is kept. Set partitioning's LP bound is far tighter than the compact model's big-M rows, which is what
 * lets a 200-job, 20-technician week prove a ≤ 1% gap in seconds. The integer plan comes from HiGHS's MIP over the
 * generated columns, started from the incumbent (whose day schedules are columns from the start).
 */

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Most columns one pricing round adds per day (the best loads). */
const COLUMNS_PER_DAY = 2;
/** Weight of the stability centre in the pricing duals (Wentges smoothing). */
const SMOOTHING = 0.5;

export interface ColumnGenerationInput {
  /** Jobs in the planning order (byEdd). */
  readonly jobs: readonly PlanJob[];
  readonly technicians: readonly PlanTechnician[];
  readonly days: readonly TechnicianDay[];
  /** A feasible plan: day index per job, −1 when left out. */
  readonly incumbent: readonly number[];
  readonly weights: PlanCostWeights;
  /** performance.now() by which the whole run must end. */
  readonly deadline: number;
  /** Stop when (best − bound) / best ≤ this. */
  readonly mipRelGap: number;
}

export interface ColumnGenerationResult {
  readonly dayOf: readonly number[];
  readonly cost: number;
  /** A valid lower bound on the optimum over the whole plan space. */
  readonly lowerBound: number;
  /** Whether column generation converged (no column of negative reduced cost was left). */
  readonly converged: boolean;
  readonly rounds: number;
  /** Size of the master problem at the end: columns (left-out variables + day schedules), rows, nonzeros. */
  readonly columns: number;
  readonly rows: number;
  readonly nonzeros: number;
}

interface Column {
  readonly day: number;
  readonly jobs: readonly number[];
  readonly cost: number;
}

/** Greatest common divisor of the durations in whole minutes, or null when one is not a whole number of minutes. */
export function durationUnitMinutes(jobs: readonly PlanJob[]): number | null {
  let g = 0;
  for (const job of jobs) {
    const minutes = job.durationHours * 60;
    const whole = Math.round(minutes);
    if (Math.abs(minutes - whole) > 1e-6 || whole <= 0) return null;
    g = gcd(g, whole);
  }
  return g === 0 ? null : g;
}

export function planByColumnGeneration(solver: Highs, input: ColumnGenerationInput): ColumnGenerationResult | null {
  const { jobs, days, weights } = input;
  const unitMinutes = durationUnitMinutes(jobs);
  if (unitMinutes === null) return null;
  const unit = unitMinutes * MINUTE_MS;
  const n = jobs.length;
  const techById = new Map(input.technicians.map((t) => [t.id, t]));
  const units = jobs.map((j) => Math.round((j.durationHours * 60) / unitMinutes));
  const due = jobs.map((j) => j.dueDate?.getTime() ?? Number.POSITIVE_INFINITY);
  const weight = jobs.map((j) => PRIORITY_WEIGHT[j.priority]);
  const penalty = jobs.map((j) => PRIORITY_WEIGHT[j.priority] * weights.unassignedPenaltyHours);
  const capacity = days.map((d) => Math.floor((d.limit - d.start) / unit + 1e-9));
  const eligibleByDay: number[][] = days.map((d, di) =>
    jobs.flatMap((job, j) => (units[j]! <= capacity[di]! && canPerform(techById.get(d.technicianId)!, job) ? [j] : [])),
  );
  const tardiness = (j: number, di: number, endUnits: number): number => {
    const end = days[di]!.start + endUnits * unit;
    return end > due[j]! ? (weight[j]! * (end - due[j]!)) / HOUR_MS : 0;
  };
  const overtime = (di: number, loadUnits: number): number => {
    const end = days[di]!.start + loadUnits * unit;
    return end > days[di]!.shiftEnd ? (weights.overtimeCostPerHour * (end - days[di]!.shiftEnd)) / HOUR_MS : 0;
  };
  const columnCost = (di: number, list: readonly number[]): number => {
    let load = 0;
    let cost = 0;
    for (const j of list) {
      load += units[j]!;
      cost += tardiness(j, di, load);
    }
    return cost + overtime(di, load);
  };

  // Master rows: n job rows (= 1), then one row per day (≤ 1). Columns: u_j first, then the day schedules.
  const model = solver.createModel();
  try {
    model.options.set({ output_flag: false });
    model.addRows({
      lower: Float64Array.from([...jobs.map(() => 1), ...days.map(() => Number.NEGATIVE_INFINITY)]),
      upper: Float64Array.from([...jobs.map(() => 1), ...days.map(() => 1)]),
      matrix: { format: 'csr', numRows: n + days.length, numCols: 0, starts: new Int32Array(n + days.length + 1), indices: new Int32Array(0), values: new Float64Array(0) },
    });
    jobs.forEach((_, j) => model.addCol(penalty[j]!, 0, 1, { indices: [j], values: [1] }));
    const columns: Column[] = [];
    const indexOf = new Map<string, number>();
    /** Adds the column unless it exists; returns its index among `columns` and whether it is new. */
    const addColumn = (day: number, list: readonly number[]): { k: number; added: boolean } => {
      const key = `${day}:${list.join(',')}`;
      const known = indexOf.get(key);
      if (known !== undefined) return { k: known, added: false };
      const cost = columnCost(day, list);
      columns.push({ day, jobs: list, cost });
      model.addCol(cost, 0, 1, { indices: [...list, n + day], values: [...list.map(() => 1), 1] });
      indexOf.set(key, columns.length - 1);
      return { k: columns.length - 1, added: true };
    };
    const listsOf = (dayOf: readonly number[]): number[][] => {
      const lists: number[][] = days.map(() => []);
      dayOf.forEach((di, j) => {
        if (di >= 0) lists[di]!.push(j);
      });
      return lists;
    };
    const planCost = (dayOf: readonly number[]): number =>
      listsOf(dayOf).reduce((s, list, di) => s + (list.length > 0 ? columnCost(di, list) : 0), 0) +
      dayOf.reduce((s, di, j) => s + (di < 0 ? penalty[j]! : 0), 0);
    listsOf(input.incumbent).forEach((list, di) => {
      if (list.length > 0) addColumn(di, list);
    });
    const incumbentCost = planCost(input.incumbent);
    function marginalCosts(lists: readonly number[][], dayOf: readonly number[]): Float64Array {
      const out = new Float64Array(n);
      dayOf.forEach((di, j) => {
        if (di < 0) out[j] = penalty[j]!;
        else out[j] = columnCost(di, lists[di]!) - columnCost(di, lists[di]!.filter((k) => k !== j));
      });
      return out;
    }

    let lowerBound = 0;
    let converged = false;
    let rounds = 0;
    // Wentges smoothing: price at a mix of the LP's duals and the duals of the best bound so far (the stability
    // centre), which damps the wild duals of the first rounds; a round that finds nothing there prices at the LP's own.
    // The first centre: each job's marginal cost in the incumbent (what its day saves without it; left out: its
    // penalty). Its bound is computed in the first round like any other; 0 is the bound before (every cost is ≥ 0).
    let centre: Float64Array = marginalCosts(listsOf(input.incumbent), input.incumbent);
    let smooth = true;
    const lagrangianTail = (pi: Float64Array): number =>
      pi.reduce((sum, p, j) => sum + p + Math.min(0, penalty[j]! - p), 0);
    // Column generation gets most of the time; rounding and the MIP over its columns the rest (at least a fifth).
    const cgDeadline = performance.now() + (input.deadline - performance.now()) * 0.8;
    const solveLp = (): boolean => {
      model.options.set({ time_limit: Math.max(0.05, (input.deadline - performance.now()) / 1000) });
      model.run();
      return model.getModelStatus() === solver.constants.modelStatus.optimal;
    };
    let lpOptimal = false;
    while (performance.now() < cgDeadline) {
      rounds += 1;
      lpOptimal = solveLp();
      if (!lpOptimal) break;
      const lpValue = model.getObjectiveValue();
      const rowDual = model.getSolution().rowDual;
      const lpPi = Float64Array.from({ length: n }, (_, j) => rowDual[j]!);
      const pi: Float64Array = smooth ? lpPi.map((p, j) => SMOOTHING * centre[j]! + (1 - SMOOTHING) * p) : lpPi;
      let bound = lagrangianTail(pi);
      let added = 0;
      for (let di = 0; di < days.length; di += 1) {
        const best = priceDay(di, eligibleByDay[di]!, capacity[di]!, units, (j) => pi[j]!, tardiness, overtime);
        bound += Math.min(0, best[0]?.value ?? 0);
        for (const candidate of best) {
          // Added only when it would enter the current LP (negative reduced cost at the LP's own duals).
          const reduced = columnCost(di, candidate.jobs) - candidate.jobs.reduce((sum, j) => sum + lpPi[j]!, 0) - rowDual[n + di]!;
          if (reduced < -1e-6 && addColumn(di, candidate.jobs).added) added += 1;
        }
      }
      if (bound > lowerBound) {
        lowerBound = bound;
        centre = pi;
      }
      if (added === 0) {
        if (pi === lpPi) {
          converged = true;
          lowerBound = Math.max(lowerBound, lpValue);
          break;
        }
        smooth = false; // mispricing: the next round prices at the LP's duals
      } else smooth = true;
      if (incumbentCost - lowerBound <= input.mipRelGap * incumbentCost) break;
    }
    // The last round may have added columns: solve once more so the rounding sees them.
    if (!converged && lpOptimal && performance.now() < input.deadline) lpOptimal = solveLp();

    let dayOf = [...input.incumbent];
    let cost = incumbentCost;
    const enough = (): boolean => cost - lowerBound <= input.mipRelGap * cost;
    // Rounding of the last LP: its columns by weight, each taken when its day and jobs are free; then local search.
    if (!enough() && lpOptimal) {
      const lambda = model.getSolution().colValue;
      const order = columns.map((_, k) => k).filter((k) => lambda[n + k]! > 1e-6);
      order.sort((a, b) => lambda[n + b]! - lambda[n + a]!);
      const rounded = jobs.map(() => -1);
      const dayUsed = new Set<number>();
      for (const k of order) {
        const c = columns[k]!;
        if (dayUsed.has(c.day) || c.jobs.some((j) => rounded[j]! >= 0)) continue;
        dayUsed.add(c.day);
        for (const j of c.jobs) rounded[j] = c.day;
      }
      const searched = improvePlanLocally({
        jobs,
        technicians: input.technicians,
        days,
        start: rounded,
        weights,
        deadline: performance.now() + Math.max(0, Math.min(1000, (input.deadline - performance.now()) * 0.3)),
      });
      if (searched.cost < cost - 1e-9) {
        dayOf = [...searched.dayOf];
        cost = planCost(dayOf);
      }
    }
    // Integer plan over the generated columns (price and branch), from the best plan so far.
    const remaining = (input.deadline - performance.now()) / 1000;
    if (remaining > 0.05 && !enough()) {
      const start = new Float64Array(n + columns.length + days.length);
      dayOf.forEach((di, j) => {
        if (di < 0) start[j] = 1;
      });
      listsOf(dayOf).forEach((list, di) => {
        if (list.length > 0) start[n + addColumn(di, list).k] = 1;
      });
      const count = n + columns.length;
      model.changeColsIntegrality({ kind: 'range', from: n, to: count - 1 }, new Int32Array(columns.length).fill(1));
      model.setSolution({ colValue: start.subarray(0, count) });
      model.options.set({ time_limit: remaining, mip_rel_gap: input.mipRelGap });
      model.run();
      if (Number(model.info.get('primal_solution_status')) === 2) {
        const values = model.getSolution().colValue;
        const next = jobs.map(() => -1);
        columns.forEach((c, k) => {
          if (values[n + k]! > 0.5) for (const j of c.jobs) next[j] = c.day;
        });
        const candidate = planCost(next);
        if (candidate < cost - 1e-9) {
          dayOf = next;
          cost = candidate;
        }
      }
    }
    return {
      dayOf,
      cost,
      lowerBound: Math.min(lowerBound, cost),
      converged,
      rounds,
      columns: n + columns.length,
      rows: n + days.length,
      nonzeros: n + columns.reduce((sum, c) => sum + c.jobs.length + 1, 0),
    };
  } finally {
    model.dispose();
  }
}

/**
 * The day's columns of least reduced cost before the day's own dual: min over job sets (in the planning order, total
 * load ≤ capacity) of Σ tardiness − Σ dual_j + overtime, by dynamic programming over the load; returns the best set for
 * each of the COLUMNS_PER_DAY best final loads.
 */
function priceDay(
  di: number,
  eligible: readonly number[],
  capacity: number,
  units: readonly number[],
  dual: (j: number) => number,
  tardiness: (j: number, di: number, endUnits: number) => number,
  overtime: (di: number, loadUnits: number) => number,
): { value: number; jobs: number[] }[] {
  const m = eligible.length;
  const width = capacity + 1;
  // f[k][L]: least value over subsets of the first k eligible jobs with load L.
  const f = new Float64Array((m + 1) * width).fill(Number.POSITIVE_INFINITY);
  f[0] = 0;
  for (let k = 0; k < m; k += 1) {
    const j = eligible[k]!;
    const d = units[j]!;
    const pj = dual(j);
    const row = k * width;
    const next = (k + 1) * width;
    for (let load = 0; load < width; load += 1) {
      const v = f[row + load]!;
      if (v === Number.POSITIVE_INFINITY) continue;
      if (v < f[next + load]!) f[next + load] = v;
      const to = load + d;
      if (to >= width) continue;
      const take = v + tardiness(j, di, to) - pj;
      if (take < f[next + to]!) f[next + to] = take;
    }
  }
  const finals: { load: number; value: number }[] = [];
  for (let load = 1; load < width; load += 1) {
    const v = f[m * width + load]!;
    if (v !== Number.POSITIVE_INFINITY) finals.push({ load, value: v + overtime(di, load) });
  }
  finals.sort((a, b) => a.value - b.value);
  return finals.slice(0, COLUMNS_PER_DAY).map(({ load, value }) => {
    const jobs: number[] = [];
    let current = load;
    for (let k = m; k > 0; k -= 1) {
      // Job k−1 was taken iff skipping it cannot explain f[k][current].
      if (f[k * width + current] === f[(k - 1) * width + current]) continue;
      const j = eligible[k - 1]!;
      jobs.push(j);
      current -= units[j]!;
    }
    return { value, jobs: jobs.reverse() };
  });
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
