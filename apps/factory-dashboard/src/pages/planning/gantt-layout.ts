import type { MaintenancePlan, Priority, Technician, WorkOrder } from '@vigie/contracts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** One intervention bar, positioned as fractions of the chart's time range (0 = range start, 1 = range end). */
export interface GanttBar {
  readonly interventionId: string;
  readonly workOrderId: string;
  readonly technicianId: string;
  readonly start: number;
  readonly end: number;
  /** Left edge and width, fractions of the range; the bar is clipped to the range. */
  readonly x: number;
  readonly width: number;
  /** 0-based lane within its technician's row: overlapping bars get different lanes. */
  readonly lane: number;
  readonly priority: Priority | null;
  /** Planned to finish after the order's due date. */
  readonly late: boolean;
  readonly tardinessHours: number;
  readonly title: string | null;
  readonly assetId: string | null;
  readonly skills: readonly string[];
}

export interface GanttRow {
  readonly technicianId: string;
  /** The technician's name, or the id of a technician the directory does not know. */
  readonly label: string;
  readonly skills: readonly string[];
  /** At least 1, so an idle technician keeps a row. */
  readonly lanes: number;
  readonly bars: readonly GanttBar[];
}

export interface GanttDay {
  /** Midnight UTC (shifts and plans are in UTC). */
  readonly start: number;
  readonly x: number;
  readonly width: number;
}

export interface GanttLayout {
  readonly start: number;
  readonly end: number;
  readonly days: readonly GanttDay[];
  readonly rows: readonly GanttRow[];
}

/** The whole UTC days covering [from, to): from the midnight at or before `from` to the midnight at or after `to`. */
export function dayRange(from: number, to: number): { start: number; end: number } {
  const start = Math.floor(from / DAY_MS) * DAY_MS;
  const end = Math.max(start + DAY_MS, Math.ceil(to / DAY_MS) * DAY_MS);
  return { start, end };
}

/**
 * Lanes by interval partitioning: bars sorted by start (then end) each take the lowest lane free at their start.
 * Touching bars (one ends when the next starts) share a lane. Returns the lane of each input bar, by index.
 */
export function assignLanes(intervals: readonly { readonly start: number; readonly end: number }[]): { lanes: number[]; count: number } {
  const order = intervals
    .map((_, i) => i)
    .sort((a, b) => intervals[a]!.start - intervals[b]!.start || intervals[a]!.end - intervals[b]!.end || a - b);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(intervals.length).fill(0);
  for (const i of order) {
    const { start, end } = intervals[i]!;
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane === -1) lane = laneEnds.push(end) - 1;
    else laneEnds[lane] = end;
    lanes[i] = lane;
  }
  return { lanes, count: laneEnds.length };
}

/**
 * Lays out a plan: one row per technician (directory order, then technicians only the plan names, by id), days as
 * columns over the plan's horizon rounded out to whole UTC days, bars placed by time and stacked in lanes where they
 * overlap. Bars wholly outside the range are left out; a bar is late when the plan reports tardiness or it ends after
 * the order's due date.
 */
export function layoutGantt(input: {
  readonly plan: Pick<MaintenancePlan, 'horizonStart' | 'horizonEnd' | 'assignments'>;
  readonly technicians: readonly Technician[];
  readonly workOrders: ReadonlyMap<string, WorkOrder>;
}): GanttLayout {
  const { start, end } = dayRange(Date.parse(input.plan.horizonStart), Date.parse(input.plan.horizonEnd));
  const span = end - start;
  const days: GanttDay[] = [];
  for (let d = start; d < end; d += DAY_MS) days.push({ start: d, x: (d - start) / span, width: DAY_MS / span });

  const byTechnician = new Map<string, { start: number; end: number; a: MaintenancePlan['assignments'][number] }[]>();
  for (const a of input.plan.assignments) {
    const s = Date.parse(a.start);
    const e = Date.parse(a.end);
    if (!(e > start && s < end) || !(e >= s)) continue;
    const list = byTechnician.get(a.technicianId) ?? [];
    list.push({ start: s, end: e, a });
    byTechnician.set(a.technicianId, list);
  }
  const known = new Set(input.technicians.map((t) => t.id));
  const rowsOf: { id: string; label: string; skills: readonly string[] }[] = [
    ...input.technicians.map((t) => ({ id: t.id, label: t.name, skills: t.skills })),
    ...[...byTechnician.keys()]
      .filter((id) => !known.has(id))
      .sort()
      .map((id) => ({ id, label: id, skills: [] as string[] })),
  ];

  const rows = rowsOf.map(({ id, label, skills }): GanttRow => {
    const items = byTechnician.get(id) ?? [];
    const { lanes, count } = assignLanes(items);
    const bars = items.map(({ start: s, end: e, a }, i): GanttBar => {
      const order = input.workOrders.get(a.workOrderId);
      const due = order?.dueDate == null ? null : Date.parse(order.dueDate);
      const left = Math.max(s, start);
      const right = Math.min(e, end);
      return {
        interventionId: a.interventionId,
        workOrderId: a.workOrderId,
        technicianId: id,
        start: s,
        end: e,
        x: (left - start) / span,
        width: (right - left) / span,
        lane: lanes[i]!,
        priority: order?.priority ?? null,
        late: a.tardinessHours > 0 || (due !== null && e > due),
        tardinessHours: a.tardinessHours,
        title: order?.title ?? null,
        assetId: order?.assetId ?? null,
        skills: order?.requiredSkills ?? [],
      };
    });
    bars.sort((p, q) => p.start - q.start || p.lane - q.lane);
    return { technicianId: id, label, skills, lanes: Math.max(1, count), bars };
  });
  return { start, end, days, rows };
}

/** The optimisation's figures: objective, greedy cost, saving (absolute and relative to greedy), gap, solve time. */
export interface PlanSummary {
  readonly objective: number;
  readonly greedyObjective: number | null;
  readonly saving: number | null;
  /** saving / greedy cost; null when there is no greedy cost or it is 0. */
  readonly savingRatio: number | null;
  readonly gap: number | null;
  readonly solveSeconds: number | null;
  readonly status: NonNullable<MaintenancePlan['solverStatus']> | null;
  readonly assigned: number;
  readonly unassigned: number;
  readonly late: number;
}

export function planSummary(plan: MaintenancePlan): PlanSummary {
  const greedy = plan.greedyObjective ?? null;
  const saving = greedy === null ? null : greedy - plan.objective;
  return {
    objective: plan.objective,
    greedyObjective: greedy,
    saving,
    savingRatio: saving === null || greedy === null || greedy <= 0 ? null : saving / greedy,
    gap: plan.gap ?? null,
    solveSeconds: plan.solveSeconds ?? null,
    status: plan.solverStatus ?? null,
    assigned: plan.assignments.length,
    unassigned: plan.unassigned.length,
    late: plan.assignments.filter((a) => a.tardinessHours > 0).length,
  };
}

/**
 * Progress of a running optimisation, percent: the elapsed time against the solver's time limit (the run reads its
 * data before and stores the plan after the solve, so it may overrun: held at 99 until the answer arrives).
 */
export function optimiseProgress(elapsedMs: number, timeLimitSeconds: number): number {
  if (!(timeLimitSeconds > 0)) return 0;
  return Math.min(99, Math.max(0, (elapsedMs / (timeLimitSeconds * 1000)) * 100));
}
