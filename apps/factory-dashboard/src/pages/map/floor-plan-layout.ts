import { MapError } from './map-error';
import { compareText } from './site-summary';

/** What the layout needs of an asset: its identity and its place in the ISA-95 hierarchy under the site. */
export interface PlanAsset {
  readonly id: string;
  readonly area: string;
  readonly line: string;
}

/** A rectangle in plan units (SVG user units: x to the right, y downwards, origin at the top-left corner). */
export interface PlanRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlanPoint {
  readonly x: number;
  readonly y: number;
}

/** A production line: a row of machine slots inside its area (several rows when it has many machines). */
export interface PlanLine extends PlanRect {
  /** As reported; '' when the asset has no line (drawn with a translated "unassigned" label). */
  readonly name: string;
  /** Ordered as placed, left to right then top to bottom. */
  readonly assetIds: readonly string[];
}

/** An area (ISA-95): a room holding its lines stacked top to bottom. */
export interface PlanArea extends PlanRect {
  readonly name: string;
  readonly lines: readonly PlanLine[];
}

export interface FloorPlan {
  readonly width: number;
  readonly height: number;
  readonly areas: readonly PlanArea[];
  /** Centre of each asset's slot. */
  readonly positions: ReadonlyMap<string, PlanPoint>;
}

/** Sizes in plan units. A slot is wider than the largest marker so markers never touch at the plan's own scale. */
export const PLAN_METRICS = {
  slot: 96,
  row: 84,
  slotsPerRow: 8,
  margin: 32,
  gap: 32,
  areaPadding: 20,
  areaHeader: 44,
  lineHeader: 24,
  lineGap: 14,
} as const;

/** Natural order ("Line 2" before "Line 10"), ties broken by code point so the order never depends on the machine. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
const byName = (a: string, b: string): number => collator.compare(a, b) || compareText(a, b);

export interface LayoutOptions {
  /**
   * Width / height of the box the plan is shown in. Areas are arranged in the number of columns that lets the plan
   * be drawn largest in that box: side by side on a landscape screen, stacked on a portrait tablet. Default 1.5.
   */
  readonly viewAspect?: number;
}

const DEFAULT_ASPECT = 1.5;

/**
 * Places a site's assets on a generated floor plan: one room per area, one row of slots per line inside it, one
 * slot per asset. Deterministic (the input order does not matter: areas, lines and assets are sorted) and free of
 * overlaps (slots are disjoint cells of a grid). Throws MAP_DUPLICATE_ASSET if an id appears twice.
 */
export function layoutFloorPlan(assets: readonly PlanAsset[], options: LayoutOptions = {}): FloorPlan {
  const tree = groupByAreaAndLine(assets);
  const areaNames = [...tree.keys()].sort(byName);
  const aspect =
    options.viewAspect !== undefined && Number.isFinite(options.viewAspect) && options.viewAspect > 0 ? options.viewAspect : DEFAULT_ASPECT;
  let best: FloorPlan | null = null;
  let bestScale = -1;
  for (let columns = 1; columns <= Math.max(1, areaNames.length); columns++) {
    const plan = arrange(tree, areaNames, columns);
    // Scale at which the plan fits a box of `aspect` × 1; strictly better only, so ties keep fewer columns.
    const scale = Math.min(aspect / plan.width, 1 / plan.height);
    if (scale > bestScale) {
      best = plan;
      bestScale = scale;
    }
  }
  return best as FloorPlan;
}

function arrange(tree: Map<string, Map<string, string[]>>, areaNames: readonly string[], columns: number): FloorPlan {
  const m = PLAN_METRICS;
  const positions = new Map<string, PlanPoint>();
  const areas: PlanArea[] = [];
  let rowTop: number = m.margin;
  let width: number = m.margin;
  for (let first = 0; first < areaNames.length; first += columns) {
    let x: number = m.margin;
    let rowHeight = 0;
    for (const areaName of areaNames.slice(first, first + columns)) {
      const area = layoutArea(areaName, tree.get(areaName) as Map<string, string[]>, x, rowTop, positions);
      areas.push(area);
      x += area.width + m.gap;
      rowHeight = Math.max(rowHeight, area.height);
    }
    width = Math.max(width, x - m.gap + m.margin);
    rowTop += rowHeight + m.gap;
  }
  const height = areaNames.length === 0 ? 2 * m.margin : rowTop - m.gap + m.margin;
  return { width: Math.max(width, 2 * m.margin), height, areas, positions };
}

function groupByAreaAndLine(assets: readonly PlanAsset[]): Map<string, Map<string, string[]>> {
  const seen = new Set<string>();
  const tree = new Map<string, Map<string, string[]>>();
  for (const { id, area, line } of assets) {
    if (seen.has(id)) throw new MapError('MAP_DUPLICATE_ASSET', `asset ${id} appears twice in the floor plan`);
    seen.add(id);
    let lines = tree.get(area);
    if (lines === undefined) tree.set(area, (lines = new Map()));
    const ids = lines.get(line);
    if (ids === undefined) lines.set(line, [id]);
    else ids.push(id);
  }
  return tree;
}

function layoutArea(name: string, lines: Map<string, string[]>, x: number, y: number, positions: Map<string, PlanPoint>): PlanArea {
  const m = PLAN_METRICS;
  const lineNames = [...lines.keys()].sort(byName);
  const slotsWide = Math.min(m.slotsPerRow, Math.max(...lineNames.map((l) => (lines.get(l) as string[]).length)));
  const lineWidth = Math.max(slotsWide, 2) * m.slot;
  const placed: PlanLine[] = [];
  let top = y + m.areaHeader;
  for (const lineName of lineNames) {
    const ids = [...(lines.get(lineName) as string[])].sort(compareText);
    const rows = Math.ceil(ids.length / m.slotsPerRow);
    const line: PlanLine = {
      name: lineName,
      assetIds: ids,
      x: x + m.areaPadding,
      y: top,
      width: lineWidth,
      height: m.lineHeader + rows * m.row,
    };
    ids.forEach((id, i) => {
      positions.set(id, {
        x: line.x + m.slot * ((i % m.slotsPerRow) + 0.5),
        y: line.y + m.lineHeader + m.row * (Math.floor(i / m.slotsPerRow) + 0.5),
      });
    });
    placed.push(line);
    top += line.height + m.lineGap;
  }
  return { name, lines: placed, x, y, width: lineWidth + 2 * m.areaPadding, height: top - m.lineGap + m.areaPadding - y };
}

/** Leaflet's CRS.Simple counts "latitude" upwards from the bottom edge; the plan counts y downwards from the top. */
export function planToLatLng(plan: Pick<FloorPlan, 'height'>, point: PlanPoint): [number, number] {
  return [plan.height - point.y, point.x];
}
