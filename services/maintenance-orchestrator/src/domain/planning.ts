import type { Priority } from '@vigie/contracts';
import { comparePriority, PRIORITY_WEIGHT } from './priority';

/** One piece of work to place: an open intervention, or an open order with no intervention yet (interventionId ''). */
export interface PlanJob {
  readonly interventionId: string;
  readonly workOrderId: string;
  readonly priority: Priority;
  readonly dueDate: Date | null;
  readonly durationHours: number;
  readonly createdAt: Date;
  /** Skills the job needs: only a technician holding all of them may do it (none: anyone). */
  readonly requiredSkills?: readonly string[];
  /** Site of the job: only technicians of that site may do it (null or absent: any site). */
  readonly site?: string | null;
}

/** A technician with a daily shift in UTC, 'HH:MM' or 'HH:MM:SS' (PostgreSQL `time`). */
export interface PlanTechnician {
  readonly id: string;
  readonly shiftStart: string;
  readonly shiftEnd: string;
  readonly skills?: readonly string[];
  readonly site?: string;
}

/** Why a job is left out of a plan. */
export type UnassignedReasonCode = 'NO_QUALIFIED_TECHNICIAN' | 'LONGER_THAN_ANY_SHIFT' | 'NO_CAPACITY_IN_HORIZON';

export interface UnassignedJob {
  readonly workOrderId: string;
  readonly reason: UnassignedReasonCode;
}

export interface PlannedAssignment {
  readonly interventionId: string;
  readonly workOrderId: string;
  readonly technicianId: string;
  readonly start: Date;
  readonly end: Date;
  readonly tardinessHours: number;
}

export interface GreedyPlan {
  readonly assignments: readonly PlannedAssignment[];
  /** Work-order ids that fit in no qualified technician's shift within the horizon. */
  readonly unassigned: readonly string[];
  /** The same jobs, each with the reason it was left out. */
  readonly unassignedReasons: readonly UnassignedJob[];
  /** Σ priority weight × tardiness hours (domain/priority.ts weights). */
  readonly objective: number;
}

interface Interval {
  start: number;
  end: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Whether `t` may do `job`: same site (when the job has one) and every required skill. */
export function canPerform(t: PlanTechnician, job: PlanJob): boolean {
  if (job.site !== undefined && job.site !== null && t.site !== job.site) return false;
  const skills = t.skills ?? [];
  return (job.requiredSkills ?? []).every((s) => skills.includes(s));
}

/**
 * Earliest-due-date list scheduling: jobs by due date (then priority, age), each given to the qualified technician
 * (skills, site) who can finish it first, in the earliest gap of a shift where it fits whole. Greedy, not optimal
 * (domain/milp-planning.ts is), but never double-books a technician, never leaves a shift, never uses overtime.
 */
export function planGreedyEdd(jobs: readonly PlanJob[], technicians: readonly PlanTechnician[], from: Date, to: Date): GreedyPlan {
  const windows = new Map(technicians.map((t) => [t.id, shiftWindows(t, from.getTime(), to.getTime())]));
  const busy = new Map<string, Interval[]>(technicians.map((t) => [t.id, []]));
  const assignments: PlannedAssignment[] = [];
  const unassigned: UnassignedJob[] = [];
  const byId = [...technicians].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let objective = 0;
  for (const job of [...jobs].sort(byEdd)) {
    const duration = job.durationHours * HOUR_MS;
    const qualified = byId.filter((t) => canPerform(t, job));
    let best: { technicianId: string; slot: Interval } | null = null;
    for (const t of qualified) {
      const slot = earliestSlot(windows.get(t.id) ?? [], busy.get(t.id) ?? [], duration);
      if (slot && (best === null || slot.end < best.slot.end)) best = { technicianId: t.id, slot };
    }
    if (best === null) {
      const fitsAShift = qualified.some((t) => (windows.get(t.id) ?? []).some((w) => w.end - w.start >= duration));
      const reason = qualified.length === 0 ? 'NO_QUALIFIED_TECHNICIAN' : fitsAShift ? 'NO_CAPACITY_IN_HORIZON' : 'LONGER_THAN_ANY_SHIFT';
      unassigned.push({ workOrderId: job.workOrderId, reason });
      continue;
    }
    const taken = busy.get(best.technicianId)!;
    taken.push(best.slot);
    taken.sort((a, b) => a.start - b.start);
    const late = job.dueDate === null ? 0 : Math.max(0, best.slot.end - job.dueDate.getTime()) / HOUR_MS;
    const tardinessHours = round(late);
    objective += PRIORITY_WEIGHT[job.priority] * tardinessHours;
    assignments.push({
      interventionId: job.interventionId,
      workOrderId: job.workOrderId,
      technicianId: best.technicianId,
      start: new Date(best.slot.start),
      end: new Date(best.slot.end),
      tardinessHours,
    });
  }
  return { assignments, unassigned: unassigned.map((u) => u.workOrderId), unassignedReasons: unassigned, objective: round(objective) };
}

/** A provisional slot for one job: the technician and the interval. */
export interface ProvisionalSlot {
  readonly technicianId: string;
  readonly start: Date;
  readonly end: Date;
}

/**
 * The greedy step of planGreedyEdd for one new job against what is already booked: the qualified technician (skills,
 * site) who can finish it first, in the earliest gap of a shift in [from, to] that overlaps none of their `booked`
 * intervals. Null when no qualified technician has such a gap. The job may end after its due date: the caller decides.
 */
export function earliestFeasibleSlot(
  job: PlanJob,
  technicians: readonly PlanTechnician[],
  booked: ReadonlyMap<string, readonly { start: Date; end: Date }[]>,
  from: Date,
  to: Date,
): ProvisionalSlot | null {
  const duration = job.durationHours * HOUR_MS;
  let best: { technicianId: string; slot: Interval } | null = null;
  for (const t of [...technicians].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (!canPerform(t, job)) continue;
    const busy = (booked.get(t.id) ?? [])
      .map((b) => ({ start: b.start.getTime(), end: b.end.getTime() }))
      .sort((a, b) => a.start - b.start);
    const slot = earliestSlot(shiftWindows(t, from.getTime(), to.getTime()), busy, duration);
    if (slot && (best === null || slot.end < best.slot.end)) best = { technicianId: t.id, slot };
  }
  return best === null ? null : { technicianId: best.technicianId, start: new Date(best.slot.start), end: new Date(best.slot.end) };
}

/** The planning order: due date (none last), then priority, age and id. Technician-days run their jobs in it. */
export function byEdd(a: PlanJob, b: PlanJob): number {
  const due = (j: PlanJob): number => j.dueDate?.getTime() ?? Number.POSITIVE_INFINITY;
  return (
    due(a) - due(b) ||
    comparePriority(a.priority, b.priority) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.workOrderId < b.workOrderId ? -1 : a.workOrderId > b.workOrderId ? 1 : 0)
  );
}

/** The technician's daily shifts clipped to [from, to], in time order. */
export function shiftWindows(t: PlanTechnician, from: number, to: number): Interval[] {
  const startOffset = timeOfDayMs(t.shiftStart);
  const endOffset = timeOfDayMs(t.shiftEnd);
  const out: Interval[] = [];
  for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
    const start = Math.max(day + startOffset, from);
    const end = Math.min(day + endOffset, to);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** First gap of `duration` inside one window that overlaps no busy interval (busy sorted by start). */
function earliestSlot(windows: readonly Interval[], busy: readonly Interval[], duration: number): Interval | null {
  for (const w of windows) {
    let candidate = w.start;
    for (const b of busy) {
      if (b.end <= candidate || b.start >= w.end) continue;
      if (candidate + duration <= b.start) break;
      candidate = Math.max(candidate, b.end);
    }
    if (candidate + duration <= w.end) return { start: candidate, end: candidate + duration };
  }
  return null;
}

function timeOfDayMs(hhmm: string): number {
  const [h = 0, m = 0, s = 0] = hhmm.split(':').map(Number);
  return ((h * 60 + m) * 60 + s) * 1000;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
