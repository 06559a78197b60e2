import { describe, expect, it } from 'vitest';
import type { MaintenancePlan, Technician } from '@vigie/contracts';
import { assignLanes, dayRange, layoutGantt, optimiseProgress, planSummary } from '../../src/pages/planning/gantt-layout';
import { workOrder } from '../fixtures';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.parse('2030-01-07T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const technicians: Technician[] = [
  { id: 'tech-01', name: 'Camille Durand', skills: ['mechanical'], shiftStart: '06:00:00', shiftEnd: '14:00:00', site: 'main' },
  { id: 'tech-02', name: 'Karim Benali', skills: ['electrical'], shiftStart: '08:00:00', shiftEnd: '16:00:00', site: 'main' },
];

function assignment(workOrderId: string, technicianId: string, startH: number, endH: number, tardinessHours = 0) {
  return {
    interventionId: `i-${workOrderId}`,
    workOrderId,
    technicianId,
    start: iso(T0 + startH * H),
    end: iso(T0 + endH * H),
    tardinessHours,
  };
}

function plan(assignments: MaintenancePlan['assignments'], over: Partial<MaintenancePlan> = {}): MaintenancePlan {
  return {
    planId: 'p1',
    createdAt: iso(T0 + 7.5 * H),
    horizonStart: iso(T0 + 7.5 * H),
    horizonEnd: iso(T0 + 7.5 * H + 2 * DAY),
    method: 'milp',
    objective: 12,
    assignments,
    unassigned: [],
    ...over,
  };
}

describe('dayRange', () => {
  it('rounds out to whole UTC days', () => {
    expect(dayRange(T0 + 7.5 * H, T0 + 2 * DAY + 7.5 * H)).toEqual({ start: T0, end: T0 + 3 * DAY });
    expect(dayRange(T0, T0 + DAY)).toEqual({ start: T0, end: T0 + DAY });
    expect(dayRange(T0 + H, T0 + H)).toEqual({ start: T0, end: T0 + DAY });
  });
});

describe('assignLanes', () => {
  it('puts overlapping intervals in different lanes and reuses a lane once free (touching shares)', () => {
    const { lanes, count } = assignLanes([
      { start: 0, end: 4 },
      { start: 2, end: 6 },
      { start: 4, end: 5 },
      { start: 1, end: 3 },
      { start: 6, end: 8 },
    ]);
    expect(lanes).toEqual([0, 2, 0, 1, 0]);
    expect(count).toBe(3);
  });
  it('needs no lane for nothing', () => {
    expect(assignLanes([])).toEqual({ lanes: [], count: 0 });
  });
});

describe('layoutGantt', () => {
  const orders = new Map([
    [
      'wo-a',
      workOrder({
        id: 'wo-a',
        priority: 'P1',
        assetId: 'P-101',
        title: 'Bearing',
        requiredSkills: ['mechanical'],
        dueDate: iso(T0 + 9 * H),
      }),
    ],
    ['wo-b', workOrder({ id: 'wo-b', priority: 'P3', assetId: 'C-201' })],
  ]);

  it('has one row per technician (directory order), days over the horizon, bars placed as fractions', () => {
    const layout = layoutGantt({ plan: plan([assignment('wo-a', 'tech-01', 8, 10)]), technicians, workOrders: orders });
    expect(layout.start).toBe(T0);
    expect(layout.end).toBe(T0 + 3 * DAY);
    expect(layout.days.map((d) => [d.start, d.x, d.width])).toEqual([
      [T0, 0, 1 / 3],
      [T0 + DAY, 1 / 3, 1 / 3],
      [T0 + 2 * DAY, 2 / 3, 1 / 3],
    ]);
    expect(layout.rows.map((r) => [r.technicianId, r.label, r.lanes, r.bars.length])).toEqual([
      ['tech-01', 'Camille Durand', 1, 1],
      ['tech-02', 'Karim Benali', 1, 0],
    ]);
    const bar = layout.rows[0]!.bars[0]!;
    expect(bar.x).toBeCloseTo(8 / 72, 12);
    expect(bar.width).toBeCloseTo(2 / 72, 12);
    expect(bar).toMatchObject({ lane: 0, priority: 'P1', assetId: 'P-101', title: 'Bearing', skills: ['mechanical'] });
  });

  it('marks a bar late from the plan tardiness or from ending after the due date', () => {
    const layout = layoutGantt({
      plan: plan([assignment('wo-a', 'tech-01', 8, 10), assignment('wo-b', 'tech-02', 9, 11, 3)]),
      technicians,
      workOrders: orders,
    });
    expect(layout.rows[0]!.bars[0]!.late).toBe(true); // ends 10:00, due 09:00
    expect(layout.rows[1]!.bars[0]).toMatchObject({ late: true, tardinessHours: 3 });
    const onTime = layoutGantt({ plan: plan([assignment('wo-a', 'tech-01', 7, 9)]), technicians, workOrders: orders });
    expect(onTime.rows[0]!.bars[0]!.late).toBe(false); // ends exactly at the due date
  });

  it('stacks overlapping bars of one technician in lanes', () => {
    const layout = layoutGantt({
      plan: plan([assignment('wo-a', 'tech-01', 8, 12), assignment('wo-b', 'tech-01', 10, 14), assignment('wo-c', 'tech-01', 12, 13)]),
      technicians,
      workOrders: orders,
    });
    const row = layout.rows[0]!;
    expect(row.lanes).toBe(2);
    expect(row.bars.map((b) => [b.workOrderId, b.lane])).toEqual([
      ['wo-a', 0],
      ['wo-b', 1],
      ['wo-c', 0],
    ]);
  });

  it('clips bars to the range, drops those outside it, and adds rows for technicians the directory lacks', () => {
    const layout = layoutGantt({
      plan: plan([assignment('wo-a', 'tech-01', -2, 1), assignment('wo-b', 'tech-01', 80, 82), assignment('wo-x', 'tech-99', 30, 31)]),
      technicians,
      workOrders: orders,
    });
    const bars = layout.rows[0]!.bars;
    expect(bars).toHaveLength(1);
    expect(bars[0]!.x).toBe(0);
    expect(bars[0]!.width).toBeCloseTo(1 / 72, 12);
    expect(layout.rows.map((r) => r.technicianId)).toEqual(['tech-01', 'tech-02', 'tech-99']);
    expect(layout.rows[2]).toMatchObject({ label: 'tech-99', bars: [{ workOrderId: 'wo-x', priority: null, title: null }] });
  });
});

describe('planSummary and optimiseProgress', () => {
  it('computes the saving against the greedy plan', () => {
    const s = planSummary(
      plan([assignment('wo-a', 'tech-01', 8, 10, 2)], {
        objective: 30,
        greedyObjective: 40,
        gap: 0.005,
        solveSeconds: 1.2,
        solverStatus: 'optimal',
        unassigned: ['wo-z'],
      }),
    );
    expect(s).toEqual({
      objective: 30,
      greedyObjective: 40,
      saving: 10,
      savingRatio: 0.25,
      gap: 0.005,
      solveSeconds: 1.2,
      status: 'optimal',
      assigned: 1,
      unassigned: 1,
      late: 1,
    });
  });
  it('has no saving without a greedy cost, and no ratio when it is 0', () => {
    expect(planSummary(plan([])).saving).toBeNull();
    expect(planSummary(plan([], { objective: 0, greedyObjective: 0 }))).toMatchObject({ saving: 0, savingRatio: null });
  });
  it('reports the elapsed share of the solver time limit, held below 100 until the answer', () => {
    expect(optimiseProgress(0, 10)).toBe(0);
    expect(optimiseProgress(2500, 10)).toBe(25);
    expect(optimiseProgress(60_000, 10)).toBe(99);
    expect(optimiseProgress(1000, 0)).toBe(0);
  });
});
