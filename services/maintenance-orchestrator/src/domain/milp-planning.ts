import highsLoader, { type Highs } from 'highs';
import { evaluatePlan, technicianDays, type PlanCost, type PlanCostWeights, type TechnicianDay } from './plan-cost';
import {
  byEdd,
  canPerform,
  planGreedyEdd,
  type PlanJob,
  type PlannedAssignment,
  type PlanTechnician,
  type UnassignedJob,
} from './planning';
import { daysOfAssignments, improvePlanLocally, scheduleOf } from './plan-local-search';
import { planByColumnGeneration } from './planning-column-generation';
import { PRIORITY_WEIGHT } from './priority';

/**
 * Optimal assignment and sequencing of maintenance jobs with a MILP solved by HiGHS (WASM).
 *
 * Model (all times in hours from the horizon start; s ranges over technician-days, see plan-cost.ts):
 * - x[j,s] ∈ {0,1}: job j done on technician-day s; only for technicians with j's skills and site, and only when
 *   j fits in s with the allowed overtime. u[j] ∈ [0,1]: j left out (Σ_s x[j,s] + u[j] = 1).
 * - Jobs of one technician-day run back to back from its start in the planning order (`byEdd`: due date, priority,
 *   age, id), so j's completion on s is C = start_s + Σ_{i ≤ j on s} dur_i x[i,s] — exact once x is known.
 * - capacity: Σ_j dur_j x[j,s] − o[s] ≤ shift length, 0 ≤ o[s] ≤ allowed overtime (hours past the shift end).
 * - tardiness of j on s, a = start_s + dur_j − due_j (lateness if j runs first): the part max(a, 0) is a fixed cost
 *   on x[j,s]; the rest, from the jobs before it, is p[j,s] ≥ (a − max(a,0)) + Σ_{i<j} dur_i x[i,s] − M(1 − x[j,s])
 *   with M the most those jobs can add (≤ the day length), and no row at all when j can never be late on s.
 * - minimise Σ w_j (max(a,0) x[j,s] + p[j,s]) + overtime cost × Σ o[s] + penalty × w_j × u[j].
 * - tightening, all valid for every integer plan (the brute-force test checks the optimum is unchanged): pairs that
 *   cannot beat the greedy plan's cost get no column (`buildModel`); pairwise position cuts on small models; due-load
 *   cuts (`dueLoadCuts`). The p rows are still big-M rows, weak on fractional plans: on the bench's 200 × 20 HiGHS's
 *   bound rises by < 1% between 10 s and 90 s while its plan improves ≈ 2%.
 * At an optimum each p is tight, so the objective equals the cost of the returned schedule exactly; the schedule's
 * cost is recomputed from its start/end times anyway (`evaluatePlan`) and that is the reported objective. The MILP
 * is optimal among plans whose technician-days follow the planning order — which the greedy plan also does, so the
 * greedy plan is a feasible start (passed to HiGHS with setSolution) and the optimum is never worse than it.
 */

const HOUR_MS = 3_600_000;
/** Most pairwise position cuts a model gets (beyond it they slow the LP more than they tighten it). */
const PAIR_CUT_BUDGET = 20_000;
/** Most nonzeros the due-load cuts may add. */
const DUE_LOAD_NONZERO_BUDGET = 400_000;
/** Share of the time limit the first local search may take (capped at 1 s). */
const LOCAL_SEARCH_SHARE = 0.1;

export interface MilpOptions extends PlanCostWeights {
  /** Wall-clock limit of the HiGHS run, seconds. */
  readonly timeLimitSeconds: number;
  /** Stop once (incumbent − bound) / incumbent ≤ this (HiGHS mip_rel_gap). */
  readonly mipRelGap: number;
}

export type MilpStatus = 'optimal' | 'time-limit' | 'fallback';

export interface OptimizedPlan {
  /** 'milp-highs', or 'greedy-edd' when the solver failed without a feasible plan (see fallbackReason). */
  readonly method: 'milp-highs' | 'greedy-edd';
  readonly assignments: readonly PlannedAssignment[];
  readonly unassigned: readonly string[];
  readonly unassignedReasons: readonly UnassignedJob[];
  /** Cost of the returned schedule (= cost.total). */
  readonly objective: number;
  readonly cost: PlanCost;
  /** Cost of the greedy earliest-due-date plan on the same instance and cost function. */
  readonly greedyObjective: number;
  /** HiGHS's proven lower bound on the optimum (null after a fallback). */
  readonly dualBound: number | null;
  /** (objective − dualBound) / objective, 0 when both are 0 (null after a fallback). */
  readonly gap: number | null;
  readonly solveSeconds: number;
  readonly status: MilpStatus;
  readonly fallbackReason?: string;
  readonly model: { readonly columns: number; readonly rows: number; readonly nonzeros: number };
  /**
   * 'set-partitioning': technician-day schedules by column generation (durations in whole minutes, the API's case);
   * 'compact': the assignment model with position rows (any durations); 'none' after a fallback before solving.
   */
  readonly formulation: 'set-partitioning' | 'compact' | 'none';
}

let highs: Promise<Highs> | null = null;
/** The WASM solver, loaded once per process. */
function loadHighs(): Promise<Highs> {
  highs ??= highsLoader();
  return highs;
}

interface Pair {
  readonly job: number;
  readonly day: number;
  readonly col: number;
}

interface Built {
  readonly days: readonly TechnicianDay[];
  readonly pairs: readonly Pair[];
  readonly pairsByDay: readonly Pair[][];
  readonly numCols: number;
  readonly colCost: number[];
  readonly colUpper: number[];
  readonly integrality: number[];
  readonly rows: { lower: number; upper: number; cols: number[]; vals: number[] }[];
  /** Per pair with a position row: [pair, column of p, a − max(a,0), M]. */
  readonly positionRows: { pair: Pair; col: number; base: number; bigM: number; lateness: number }[];
  readonly unassignedCol: readonly number[];
  readonly overtimeCol: readonly (number | null)[];
}

/**
 * Solves the planning MILP; never throws for solver trouble (falls back to the greedy plan with a reason).
 * Jobs and technicians split into independent groups (connected by "may do": different sites, disjoint trades) and
 * each group is its own MILP, smallest first, each given a share of the remaining time in proportion to its size;
 * the plan's bound and gap are over the sum.
 */
export async function planMilp(
  jobs: readonly PlanJob[],
  technicians: readonly PlanTechnician[],
  from: Date,
  to: Date,
  options: MilpOptions,
): Promise<OptimizedPlan> {
  const started = performance.now();
  const ordered = [...jobs].sort(byEdd);
  const allDays = technicianDays(technicians, from, to, options.maxOvertimeHours);
  const greedy = planGreedyEdd(ordered, technicians, from, to);
  const greedyCost = evaluatePlan(ordered, allDays, greedy.assignments, greedy.unassigned, options);
  // The incumbent the MILP starts from: the greedy plan improved by local search (a tenth of the time, ≤ 1 s).
  const searched = improvePlanLocally({
    jobs: ordered,
    technicians,
    days: allDays,
    start: daysOfAssignments(ordered, allDays, greedy.assignments),
    weights: options,
    deadline: started + Math.min(1, options.timeLimitSeconds * LOCAL_SEARCH_SHARE) * 1000,
  });
  const incumbent = scheduleOf(ordered, allDays, searched.dayOf);
  const fallback = (reason: string, model: OptimizedPlan['model'], formulation: OptimizedPlan['formulation'] = 'none'): OptimizedPlan => ({
    method: 'greedy-edd',
    assignments: greedy.assignments,
    unassigned: greedy.unassigned,
    unassignedReasons: greedy.unassignedReasons,
    objective: greedyCost.total,
    cost: greedyCost,
    greedyObjective: greedyCost.total,
    dualBound: null,
    gap: null,
    solveSeconds: (performance.now() - started) / 1000,
    status: 'fallback',
    fallbackReason: reason,
    model,
    formulation,
  });
  let solver: Highs;
  try {
    solver = await loadHighs();
  } catch (error) {
    return fallback(`SOLVER_UNAVAILABLE: ${(error as Error).message}`, { columns: 0, rows: 0, nonzeros: 0 });
  }
  const deadline = started + options.timeLimitSeconds * 1000;

  // Set partitioning by column generation when durations are whole minutes (always, from the API); else the compact model.
  let setPartitioningError: string | undefined;
  try {
    const cg = planByColumnGeneration(solver, {
      jobs: ordered,
      technicians,
      days: allDays,
      incumbent: searched.dayOf,
      weights: options,
      deadline,
      mipRelGap: options.mipRelGap,
    });
    if (cg !== null) {
      const plan = scheduleOf(ordered, allDays, cg.dayOf);
      const cost = evaluatePlan(ordered, allDays, plan.assignments, plan.unassigned, options);
      const gap = cost.total <= 1e-9 ? 0 : Math.max(0, (cost.total - cg.lowerBound) / cost.total);
      plan.assignments.sort((a, c) => a.start.getTime() - c.start.getTime() || (a.technicianId < c.technicianId ? -1 : 1));
      return {
        method: 'milp-highs',
        assignments: plan.assignments,
        unassigned: plan.unassigned,
        unassignedReasons: plan.unassigned.map((id) => ({ workOrderId: id, reason: unassignedReason(ordered.find((j) => j.workOrderId === id)!, technicians, allDays) })),
        objective: cost.total,
        cost,
        greedyObjective: greedyCost.total,
        dualBound: round(Math.min(cg.lowerBound, cost.total)),
        gap: round6(gap),
        solveSeconds: (performance.now() - started) / 1000,
        status: gap <= options.mipRelGap + 1e-9 ? 'optimal' : 'time-limit',
        model: { columns: cg.columns, rows: cg.rows, nonzeros: cg.nonzeros },
        formulation: 'set-partitioning',
      };
    }
  } catch (error) {
    setPartitioningError = (error as Error).message;
  }

  const groups = independentGroups(ordered, technicians).map((g) => {
    const own = new Set(g.jobs.map((j) => j.workOrderId));
    const incumbentShare = evaluatePlan(
      g.jobs,
      allDays,
      incumbent.assignments.filter((a) => own.has(a.workOrderId)),
      incumbent.unassigned.filter((id) => own.has(id)),
      options,
    );
    return { ...g, built: buildModel(g.jobs, g.technicians, from, to, options, incumbentShare.total) };
  });
  const size = { columns: 0, rows: 0, nonzeros: 0 };
  for (const g of groups) {
    const m = modelSize(g.built);
    size.columns += m.columns;
    size.rows += m.rows;
    size.nonzeros += m.nonzeros;
  }
  const compactFallback = (reason: string): OptimizedPlan =>
    fallback(setPartitioningError === undefined ? reason : `${reason} (set partitioning: ${setPartitioningError})`, size, 'compact');
  const assignments: PlannedAssignment[] = [];
  const unassignedReasons: UnassignedJob[] = [];
  let dualBound = 0;
  let optimal = true;
  groups.sort((x, y) => x.built.numCols - y.built.numCols);
  for (const [k, g] of groups.entries()) {
    const remainingCols = groups.slice(k).reduce((n, h) => n + h.built.numCols, 0);
    const budget = Math.max(0.2, ((deadline - performance.now()) / 1000) * (g.built.numCols / Math.max(1, remainingCols)));
    const outcome = solveGroup(solver, g.built, g.jobs, g.technicians, incumbent.assignments, incumbent.unassigned, {
      ...options,
      timeLimitSeconds: budget,
    });
    if (typeof outcome === 'string') return compactFallback(outcome);
    assignments.push(...outcome.assignments);
    unassignedReasons.push(...outcome.unassignedReasons);
    dualBound += outcome.dualBound;
    optimal &&= outcome.optimal;
  }
  assignments.sort((a, c) => a.start.getTime() - c.start.getTime() || (a.technicianId < c.technicianId ? -1 : 1));
  const order = new Map(ordered.map((j, i) => [j.workOrderId, i]));
  unassignedReasons.sort((a, c) => (order.get(a.workOrderId) ?? 0) - (order.get(c.workOrderId) ?? 0));
  const unassigned = unassignedReasons.map((u) => u.workOrderId);
  const cost = evaluatePlan(ordered, allDays, assignments, unassigned, options);
  const gap = cost.total <= 1e-9 ? 0 : Math.max(0, (cost.total - dualBound) / cost.total);
  return {
    method: 'milp-highs',
    assignments,
    unassigned,
    unassignedReasons,
    objective: cost.total,
    cost,
    greedyObjective: greedyCost.total,
    dualBound: round(dualBound),
    gap: round6(gap),
    solveSeconds: (performance.now() - started) / 1000,
    status: optimal ? 'optimal' : 'time-limit',
    model: size,
    formulation: 'compact',
  };
}

interface GroupSolution {
  readonly assignments: readonly PlannedAssignment[];
  readonly unassignedReasons: readonly UnassignedJob[];
  readonly dualBound: number;
  readonly optimal: boolean;
}

/** One group's MILP, warm-started from the incumbent plan; a string is the reason it gave no plan. */
function solveGroup(
  solver: Highs,
  built: Built,
  jobs: readonly PlanJob[],
  technicians: readonly PlanTechnician[],
  incumbentAssignments: readonly PlannedAssignment[],
  incumbentUnassigned: readonly string[],
  options: MilpOptions,
): GroupSolution | string {
  const own = new Set(jobs.map((j) => j.workOrderId));
  let model: ReturnType<Highs['createModel']> | null = null;
  try {
    model = solver.createModel({
      numCols: built.numCols,
      numRows: built.rows.length,
      colCost: built.colCost,
      colLower: new Array<number>(built.numCols).fill(0),
      colUpper: built.colUpper,
      rowLower: built.rows.map((r) => r.lower),
      rowUpper: built.rows.map((r) => r.upper),
      matrix: toCsr(built),
      integrality: new Int32Array(built.integrality),
    } as Parameters<Highs['createModel']>[0] & object);
    model.options.set({ output_flag: false, time_limit: options.timeLimitSeconds, mip_rel_gap: options.mipRelGap });
    const start = warmStart(
      built,
      jobs,
      incumbentAssignments.filter((a) => own.has(a.workOrderId)),
      incumbentUnassigned.filter((id) => own.has(id)),
    );
    if (start) model.setSolution({ colValue: start });
    model.run();
    const status = model.getModelStatus();
    if (Number(model.info.get('primal_solution_status')) !== 2)
      return `SOLVER_NO_SOLUTION: HiGHS model status ${status} without a feasible plan`;
    const optimal = status === solver.constants.modelStatus.optimal;
    // A group without binaries (jobs nobody may do) is an LP: HiGHS sets no MIP bound, its optimum is the bound.
    const isMip = built.integrality.includes(1);
    const bound = isMip ? Number(model.info.get('mip_dual_bound')) : optimal ? model.getObjectiveValue() : 0;
    return {
      ...decode(built, jobs, technicians, model.getSolution().colValue),
      dualBound: Number.isFinite(bound) ? Math.max(0, bound) : 0,
      optimal,
    };
  } catch (error) {
    return `SOLVER_FAILED: ${(error as Error).message}`;
  } finally {
    model?.dispose();
  }
}

/** Connected components of the bipartite "technician may do job" graph (a job nobody may do is its own group). */
function independentGroups(
  jobs: readonly PlanJob[],
  technicians: readonly PlanTechnician[],
): { jobs: PlanJob[]; technicians: PlanTechnician[] }[] {
  const parent = Array.from({ length: jobs.length + technicians.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  jobs.forEach((job, ji) =>
    technicians.forEach((t, ti) => {
      if (canPerform(t, job)) parent[find(ji)] = find(jobs.length + ti);
    }),
  );
  const groups = new Map<number, { jobs: PlanJob[]; technicians: PlanTechnician[] }>();
  const group = (i: number) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, { jobs: [], technicians: [] });
    return groups.get(root)!;
  };
  jobs.forEach((job, ji) => group(ji).jobs.push(job));
  technicians.forEach((t, ti) => group(jobs.length + ti).technicians.push(t));
  return [...groups.values()].filter((g) => g.jobs.length > 0);
}

/**
 * The MILP of one group. `cutoff` is the cost of a known plan (the greedy one): a pair whose fixed cost plus the least
 * every other job must cost (its cheapest pair or being left out) exceeds it can be in no better plan, so it gets no
 * column. The known plan's own pairs always stay (its cost is at least that sum), so it remains a feasible start.
 */
function buildModel(
  jobs: readonly PlanJob[],
  technicians: readonly PlanTechnician[],
  from: Date,
  to: Date,
  o: MilpOptions,
  cutoff = Number.POSITIVE_INFINITY,
): Built {
  const t0 = from.getTime();
  const hours = (ms: number): number => (ms - t0) / HOUR_MS;
  const days = technicianDays(technicians, from, to, o.maxOvertimeHours);
  const techById = new Map(technicians.map((t) => [t.id, t]));
  const lateness = (job: PlanJob, d: TechnicianDay): number =>
    job.dueDate === null ? Number.NEGATIVE_INFINITY : hours(d.start) + job.durationHours - hours(job.dueDate.getTime());
  const fits = (job: PlanJob, d: TechnicianDay): boolean =>
    job.durationHours <= (d.limit - d.start) / HOUR_MS + 1e-9 && canPerform(techById.get(d.technicianId)!, job);
  const least = jobs.map((job) => {
    let m = PRIORITY_WEIGHT[job.priority] * o.unassignedPenaltyHours;
    for (const d of days) if (fits(job, d)) m = Math.min(m, PRIORITY_WEIGHT[job.priority] * Math.max(0, lateness(job, d)));
    return m;
  });
  const leastTotal = least.reduce((s, m) => s + m, 0);
  const colCost: number[] = [];
  const colUpper: number[] = [];
  const integrality: number[] = [];
  const addCol = (cost: number, upper: number, integer: boolean): number => {
    colCost.push(cost);
    colUpper.push(upper);
    integrality.push(integer ? 1 : 0);
    return colCost.length - 1;
  };
  const rows: Built['rows'] = [];
  const pairs: Pair[] = [];
  const pairsByDay: Pair[][] = days.map(() => []);
  const pairsByJob: Pair[][] = jobs.map(() => []);
  const positionRows: Built['positionRows'] = [];

  days.forEach((d, di) => {
    const length = (d.limit - d.start) / HOUR_MS;
    let before = 0; // Σ durations of the jobs earlier in the planning order that may run on d
    jobs.forEach((job, ji) => {
      if (!fits(job, d)) return;
      const w = PRIORITY_WEIGHT[job.priority];
      const a = lateness(job, d);
      const fixed = Math.max(a, 0);
      if (w * fixed + leastTotal - least[ji]! > cutoff + 1e-6) return;
      const pair: Pair = { job: ji, day: di, col: addCol(w * fixed, 1, true) };
      pairs.push(pair);
      pairsByDay[di]!.push(pair);
      pairsByJob[ji]!.push(pair);
      const base = a - fixed; // ≤ 0
      const bigM = base + Math.min(length, before);
      if (Number.isFinite(a) && bigM > 1e-9)
        positionRows.push({ pair, col: addCol(w, Number.POSITIVE_INFINITY, false), base, bigM, lateness: a });
      before += job.durationHours;
    });
  });
  const unassignedCol = jobs.map((j) => addCol(PRIORITY_WEIGHT[j.priority] * o.unassignedPenaltyHours, 1, false));
  const overtimeCol = days.map((d) =>
    d.limit > d.shiftEnd ? addCol(o.overtimeCostPerHour, (d.limit - d.shiftEnd) / HOUR_MS, false) : null,
  );

  jobs.forEach((_, ji) => {
    const own = pairsByJob[ji]!;
    rows.push({ lower: 1, upper: 1, cols: [...own.map((p) => p.col), unassignedCol[ji]!], vals: [...own.map(() => 1), 1] });
  });
  days.forEach((d, di) => {
    const own = pairsByDay[di]!;
    if (own.length === 0) return;
    const cols = own.map((p) => p.col);
    const vals = own.map((p) => jobs[p.job]!.durationHours);
    const ot = overtimeCol[di];
    if (ot !== null && ot !== undefined) {
      cols.push(ot);
      vals.push(-1);
    }
    rows.push({ lower: Number.NEGATIVE_INFINITY, upper: (d.shiftEnd - d.start) / HOUR_MS, cols, vals });
  });
  // p − Σ_{i<j} dur_i x_i − M x_j ≥ base − M
  for (const r of positionRows) {
    const own = pairsByDay[r.pair.day]!;
    const cols = [r.col, r.pair.col];
    const vals = [1, -r.bigM];
    for (const p of own) {
      if (p.job >= r.pair.job) break;
      cols.push(p.col);
      vals.push(-jobs[p.job]!.durationHours);
    }
    rows.push({ lower: r.base - r.bigM, upper: Number.POSITIVE_INFINITY, cols, vals });
  }
  // Pairwise cuts p ≥ base + dur_i − (base + dur_i)(2 − x_i − x_j): i alone before j already makes j late. Valid and
  // not implied by the aggregated row when x_j is fractional.
  const pairCuts: Built['rows'] = [];
  cuts: for (const r of positionRows) {
    const length = (days[r.pair.day]!.limit - days[r.pair.day]!.start) / HOUR_MS;
    const dj = jobs[r.pair.job]!.durationHours;
    for (const p of pairsByDay[r.pair.day]!) {
      if (p.job >= r.pair.job) break;
      const di = jobs[p.job]!.durationHours;
      if (r.base + di <= 1e-9 || di + dj > length + 1e-9) continue;
      if (pairCuts.length === PAIR_CUT_BUDGET) {
        pairCuts.length = 0;
        break cuts;
      }
      pairCuts.push({ lower: -di, upper: Number.POSITIVE_INFINITY, cols: [r.col, p.col, r.pair.col], vals: [1, -di, -(r.base + di)] });
    }
  }
  // Measured on the bench's 200 × 20: its 20,000 heaviest of ≈ 100,000 cuts slowed the LP more than they raised the
  // bound, so a model gets all of them or none.
  rows.push(...pairCuts);
  rows.push(...dueLoadCuts(jobs, pairsByDay, positionRows, colCost));
  return {
    days,
    pairs,
    pairsByDay,
    numCols: colCost.length,
    colCost,
    colUpper,
    integrality,
    rows,
    positionRows,
    unassignedCol,
    overtimeCol,
  };
}

/**
 * Due-load cuts, one per job j that may be late on a day s and weight class c ≤ w_j (1, 2, 4, 8): let Q be the jobs
 * up to j in the planning order (so due no later than j) weighing at least c. The last job of Q present on s
 * completes after all of Q's work, so it is late by at least Σ_Q dur·x − δ (δ = j's due date − the day's start,
 * floored at 0) and weighs at least c:  Σ_{i∈Q} w_i·tardiness_i ≥ c·(Σ_{i∈Q} dur_i·x_i − δ⁺). No big-M, so it binds
 * on fractional plans too. (Only c = w_j: 0.6 × the nonzeros, same time to a 1% gap, worse plans at 10 s on the bench.)
 */
function dueLoadCuts(
  jobs: readonly PlanJob[],
  pairsByDay: readonly Pair[][],
  positionRows: Built['positionRows'],
  colCost: readonly number[],
): Built['rows'] {
  const positionCol = new Map(positionRows.map((r) => [r.pair, r.col]));
  const out: Built['rows'] = [];
  let nonzeros = 0;
  for (const r of positionRows) {
    const wj = PRIORITY_WEIGHT[jobs[r.pair.job]!.priority];
    const delta = Math.max(0, jobs[r.pair.job]!.durationHours - r.lateness);
    for (const c of [1, 2, 4, 8].filter((k) => k <= wj)) {
      const cols: number[] = [];
      const vals: number[] = [];
      for (const p of pairsByDay[r.pair.day]!) {
        if (p.job > r.pair.job) break;
        const job = jobs[p.job]!;
        const w = PRIORITY_WEIGHT[job.priority];
        if (w < c) continue;
        cols.push(p.col);
        vals.push((colCost[p.col] ?? 0) - c * job.durationHours);
        const pc = positionCol.get(p);
        if (pc !== undefined) {
          cols.push(pc);
          vals.push(w);
        }
      }
      nonzeros += cols.length;
      if (nonzeros > DUE_LOAD_NONZERO_BUDGET) return out;
      out.push({ lower: -c * delta, upper: Number.POSITIVE_INFINITY, cols, vals });
    }
  }
  return out;
}

function toCsr(b: Built) {
  const starts = new Int32Array(b.rows.length + 1);
  let nnz = 0;
  b.rows.forEach((r, i) => {
    starts[i] = nnz;
    nnz += r.cols.length;
  });
  starts[b.rows.length] = nnz;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (const r of b.rows) {
    r.cols.forEach((c, i) => {
      indices[k] = c;
      values[k] = r.vals[i]!;
      k += 1;
    });
  }
  return { format: 'csr' as const, numRows: b.rows.length, numCols: b.numCols, starts, indices, values };
}

function modelSize(b: Built): OptimizedPlan['model'] {
  return { columns: b.numCols, rows: b.rows.length, nonzeros: b.rows.reduce((s, r) => s + r.cols.length, 0) };
}

/** Column values of a plan (the greedy one) in the model, or null if one of its assignments has no column. */
function warmStart(
  b: Built,
  jobs: readonly PlanJob[],
  assignments: readonly PlannedAssignment[],
  unassigned: readonly string[],
): Float64Array | null {
  const x = new Float64Array(b.numCols);
  const index = new Map(jobs.map((j, i) => [j.workOrderId, i]));
  const load = new Float64Array(b.days.length);
  for (const a of assignments) {
    const ji = index.get(a.workOrderId);
    const di = b.days.findIndex((d) => d.technicianId === a.technicianId && a.start.getTime() >= d.start && a.end.getTime() <= d.limit);
    const pair = b.pairsByDay[di]?.find((p) => p.job === ji);
    if (ji === undefined || !pair) return null;
    x[pair.col] = 1;
    load[di]! += jobs[ji]!.durationHours;
  }
  for (const id of unassigned) {
    const ji = index.get(id);
    if (ji !== undefined) x[b.unassignedCol[ji]!] = 1;
  }
  b.days.forEach((d, di) => {
    const ot = b.overtimeCol[di];
    if (ot !== null && ot !== undefined) x[ot] = Math.max(0, load[di]! - (d.shiftEnd - d.start) / HOUR_MS);
  });
  for (const r of b.positionRows) {
    let before = 0;
    for (const p of b.pairsByDay[r.pair.day]!) {
      if (p.job >= r.pair.job) break;
      before += jobs[p.job]!.durationHours * x[p.col]!;
    }
    x[r.col] = Math.max(0, r.base + before - r.bigM * (1 - x[r.pair.col]!));
  }
  return x;
}

/** The schedule of a solution: each technician-day's jobs back to back from its start, in the planning order. */
function decode(
  b: Built,
  jobs: readonly PlanJob[],
  technicians: readonly PlanTechnician[],
  values: Float64Array,
): Pick<OptimizedPlan, 'assignments' | 'unassigned' | 'unassignedReasons'> {
  const assignments: PlannedAssignment[] = [];
  const placed = new Set<number>();
  b.days.forEach((d, di) => {
    let clock = d.start;
    for (const p of b.pairsByDay[di]!) {
      if ((values[p.col] ?? 0) < 0.5 || placed.has(p.job)) continue;
      const job = jobs[p.job]!;
      const end = clock + job.durationHours * HOUR_MS;
      placed.add(p.job);
      const late = job.dueDate === null ? 0 : Math.max(0, end - job.dueDate.getTime()) / HOUR_MS;
      assignments.push({
        interventionId: job.interventionId,
        workOrderId: job.workOrderId,
        technicianId: d.technicianId,
        start: new Date(clock),
        end: new Date(end),
        tardinessHours: round(late),
      });
      clock = end;
    }
  });
  const unassignedReasons: UnassignedJob[] = [];
  jobs.forEach((job, ji) => {
    if (placed.has(ji)) return;
    const qualified = technicians.some((t) => canPerform(t, job));
    const fits = b.pairs.some((p) => p.job === ji);
    unassignedReasons.push({
      workOrderId: job.workOrderId,
      reason: !qualified ? 'NO_QUALIFIED_TECHNICIAN' : !fits ? 'LONGER_THAN_ANY_SHIFT' : 'NO_CAPACITY_IN_HORIZON',
    });
  });
  assignments.sort((a, c) => a.start.getTime() - c.start.getTime() || (a.technicianId < c.technicianId ? -1 : 1));
  return { assignments, unassigned: unassignedReasons.map((u) => u.workOrderId), unassignedReasons };
}

/** Why a job is in no plan: nobody may do it, it fits in no shift, or the horizon has no room left for it. */
function unassignedReason(job: PlanJob, technicians: readonly PlanTechnician[], days: readonly TechnicianDay[]): UnassignedJob['reason'] {
  const qualified = technicians.filter((t) => canPerform(t, job));
  if (qualified.length === 0) return 'NO_QUALIFIED_TECHNICIAN';
  const ids = new Set(qualified.map((t) => t.id));
  const fits = days.some((d) => ids.has(d.technicianId) && job.durationHours <= (d.limit - d.start) / HOUR_MS + 1e-9);
  return fits ? 'NO_CAPACITY_IN_HORIZON' : 'LONGER_THAN_ANY_SHIFT';
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
