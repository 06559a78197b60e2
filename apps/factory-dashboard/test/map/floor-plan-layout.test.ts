import { describe, expect, it } from 'vitest';
import { MapError } from '../../src/pages/map/map-error';
import {
  PLAN_METRICS,
  layoutFloorPlan,
  planToLatLng,
  type FloorPlan,
  type PlanAsset,
  type PlanRect,
} from '../../src/pages/map/floor-plan-layout';

/** A plant shaped like the demo one, plus a long line that wraps onto several rows and an asset with no area/line. */
const PLANT: readonly PlanAsset[] = [
  { id: 'P-101', area: 'Utilities', line: 'Cooling loop 1' },
  { id: 'P-102', area: 'Utilities', line: 'Cooling loop 1' },
  { id: 'F-301', area: 'Utilities', line: 'Cooling loop 1' },
  { id: 'K-401', area: 'Utilities', line: 'Compressed air' },
  { id: 'M-201', area: 'Production', line: 'Packaging line 2' },
  { id: 'G-501', area: 'Production', line: 'Packaging line 2' },
  { id: 'P-103', area: 'Production', line: 'Mixing line 1' },
  { id: 'F-303', area: 'Production', line: 'Ventilation' },
  ...Array.from({ length: 19 }, (_, i) => ({ id: `B-${String(i).padStart(2, '0')}`, area: 'Bottling', line: 'Line 10' })),
  { id: 'B-90', area: 'Bottling', line: 'Line 2' },
  { id: 'X-1', area: '', line: '' },
];

/** Deterministic shuffle (a fixed LCG) so the test itself is reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let s = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const inside = (p: { x: number; y: number }, r: PlanRect): boolean => p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;
const contains = (outer: PlanRect, inner: PlanRect): boolean =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const disjoint = (a: PlanRect, b: PlanRect): boolean =>
  a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;

function snapshot(plan: FloorPlan) {
  return { ...plan, positions: [...plan.positions.entries()] };
}

describe('layoutFloorPlan', () => {
  const plan = layoutFloorPlan(PLANT);

  it('places every asset exactly once', () => {
    expect([...plan.positions.keys()].sort()).toEqual(PLANT.map((a) => a.id).sort());
    const listed = plan.areas.flatMap((a) => a.lines.flatMap((l) => l.assetIds));
    expect(listed.sort()).toEqual(PLANT.map((a) => a.id).sort());
  });

  it('is deterministic: the same assets in any order give the same plan', () => {
    const reference = snapshot(plan);
    for (const seed of [1, 7, 42, 1234]) expect(snapshot(layoutFloorPlan(shuffled(PLANT, seed)))).toEqual(reference);
  });

  it('never puts two assets closer than one slot, so markers do not overlap', () => {
    const points = [...plan.positions.values()];
    for (let i = 0; i < points.length; i++) {
      for (let j = i + 1; j < points.length; j++) {
        const a = points[i] as { x: number; y: number };
        const b = points[j] as { x: number; y: number };
        expect(Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y))).toBeGreaterThanOrEqual(Math.min(PLAN_METRICS.slot, PLAN_METRICS.row));
      }
    }
  });

  it('groups by area then line: each asset sits inside its own line, each line inside its area', () => {
    for (const a of PLANT) {
      const area = plan.areas.find((x) => x.name === a.area);
      const line = area?.lines.find((l) => l.name === a.line);
      expect(line, `${a.id} has its line`).toBeDefined();
      expect(line?.assetIds).toContain(a.id);
      expect(inside(plan.positions.get(a.id) as { x: number; y: number }, line as PlanRect)).toBe(true);
      expect(contains(area as PlanRect, line as PlanRect)).toBe(true);
    }
    expect(plan.areas.map((a) => a.name)).toEqual(['', 'Bottling', 'Production', 'Utilities']);
    expect(plan.areas.find((a) => a.name === 'Production')?.lines.map((l) => l.name)).toEqual([
      'Mixing line 1',
      'Packaging line 2',
      'Ventilation',
    ]);
  });

  it('orders lines naturally (Line 2 before Line 10) and wraps a long line onto several rows', () => {
    const bottling = plan.areas.find((a) => a.name === 'Bottling');
    expect(bottling?.lines.map((l) => l.name)).toEqual(['Line 2', 'Line 10']);
    const long = bottling?.lines[1];
    const rows = new Set(long?.assetIds.map((id) => plan.positions.get(id)?.y));
    expect(rows.size).toBe(Math.ceil(19 / PLAN_METRICS.slotsPerRow));
  });

  it('keeps areas apart and lines of an area apart, all within the plan', () => {
    const planRect = { x: 0, y: 0, width: plan.width, height: plan.height };
    plan.areas.forEach((a, i) => {
      expect(contains(planRect, a)).toBe(true);
      plan.areas.slice(i + 1).forEach((b) => expect(disjoint(a, b), `${a.name} / ${b.name}`).toBe(true));
      a.lines.forEach((l, j) => a.lines.slice(j + 1).forEach((m) => expect(disjoint(l, m)).toBe(true)));
    });
  });

  it('stacks the areas in one column for a portrait view and lines them up in one row for a wide one', () => {
    const portrait = layoutFloorPlan(PLANT, { viewAspect: 0.6 });
    expect(new Set(portrait.areas.map((a) => a.x)).size).toBe(1);
    const wide = layoutFloorPlan(PLANT, { viewAspect: 4 });
    expect(new Set(wide.areas.map((a) => a.y)).size).toBe(1);
    for (const p of [portrait, wide]) {
      expect([...p.positions.keys()].sort()).toEqual([...plan.positions.keys()].sort());
      p.areas.forEach((a, i) => p.areas.slice(i + 1).forEach((b) => expect(disjoint(a, b)).toBe(true)));
    }
    expect(snapshot(layoutFloorPlan(shuffled(PLANT, 3), { viewAspect: 0.6 }))).toEqual(snapshot(portrait));
  });

  it('picks the arrangement drawn largest in the view', () => {
    for (const viewAspect of [0.5, 0.75, 1, 1.33, 1.78, 3]) {
      const chosen = layoutFloorPlan(PLANT, { viewAspect });
      const fit = (p: FloorPlan) => Math.min(viewAspect / p.width, 1 / p.height);
      for (const other of [0.5, 0.75, 1, 1.33, 1.78, 3].map((a) => layoutFloorPlan(PLANT, { viewAspect: a }))) {
        expect(fit(chosen)).toBeGreaterThanOrEqual(fit(other));
      }
    }
  });

  it('falls back to the default arrangement for a view that cannot be measured', () => {
    expect(snapshot(layoutFloorPlan(PLANT, { viewAspect: Number.NaN }))).toEqual(snapshot(plan));
    expect(snapshot(layoutFloorPlan(PLANT, { viewAspect: 0 }))).toEqual(snapshot(plan));
  });

  it('draws an empty site as an empty plan', () => {
    const empty = layoutFloorPlan([]);
    expect(empty.areas).toEqual([]);
    expect(empty.positions.size).toBe(0);
    expect(empty.width).toBeGreaterThan(0);
    expect(empty.height).toBeGreaterThan(0);
  });

  it('rejects an asset listed twice with MAP_DUPLICATE_ASSET', () => {
    const twice = () => layoutFloorPlan([PLANT[0] as PlanAsset, { ...(PLANT[0] as PlanAsset), line: 'Other' }]);
    expect(twice).toThrow(MapError);
    expect(twice).toThrow(expect.objectContaining({ code: 'MAP_DUPLICATE_ASSET' }));
  });
});

describe('planToLatLng', () => {
  it('flips y so the top of the plan is the top of the map (CRS.Simple counts upwards)', () => {
    expect(planToLatLng({ height: 500 }, { x: 10, y: 0 })).toEqual([500, 10]);
    expect(planToLatLng({ height: 500 }, { x: 10, y: 500 })).toEqual([0, 10]);
  });
});
