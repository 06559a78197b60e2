import { useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { CRS, type LatLngBoundsExpression, type LatLngTuple } from 'leaflet';
import { MapContainer, SVGOverlay } from 'react-leaflet';
import { Box } from '@mui/material';
import type { AssetHealth } from '@vigie/contracts';
import { useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { AssetMarker } from './AssetMarker';
import { FloorPlanDrawing } from './FloorPlanDrawing';
import { InvalidateOnResize } from './InvalidateOnResize';
import { layoutFloorPlan, planToLatLng, type FloorPlan } from './floor-plan-layout';
import { mapMessages } from './messages';

export interface FloorPlanViewProps {
  readonly site: string;
  /** The site's assets, live. */
  readonly assets: readonly AssetHealth[];
}

interface PlacedPlan {
  readonly plan: FloorPlan;
  readonly latLngs: ReadonlyMap<string, LatLngTuple>;
}

/**
 * The layout depends only on which assets sit on which line and on the shape of the box, not on live health: live
 * updates recolour markers without moving them, and a resize that does not change the arrangement keeps the plan
 * (same object, so the map is neither refitted nor remounted).
 */
function usePlacedPlan(assets: readonly AssetHealth[], viewAspect: number): PlacedPlan {
  const structure = assets
    .map((a) => JSON.stringify([a.id, a.area, a.line]))
    .sort()
    .join();
  const previous = useRef<{ structure: string; aspect: number; placed: PlacedPlan } | null>(null);
  const last = previous.current;
  if (last === null || last.structure !== structure || last.aspect !== viewAspect) {
    const plan = layoutFloorPlan(assets, { viewAspect });
    const same = last !== null && last.structure === structure && samePlan(last.placed.plan, plan);
    const placed = same
      ? last.placed
      : { plan, latLngs: new Map([...plan.positions].map(([id, point]) => [id, planToLatLng(plan, point)])) };
    previous.current = { structure, aspect: viewAspect, placed };
  }
  return (previous.current as { placed: PlacedPlan }).placed;
}

const samePlan = (a: FloorPlan, b: FloorPlan): boolean =>
  a.width === b.width && a.height === b.height && a.areas.every((area, i) => area.x === b.areas[i]?.x && area.y === b.areas[i]?.y);

/** Width / height of the element, followed as it resizes; NaN where it cannot be measured (the layout's default). */
function useAspect(ref: RefObject<HTMLElement | null>): number | null {
  const [aspect, setAspect] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => {
      const { width, height } = el.getBoundingClientRect();
      setAspect(width > 0 && height > 0 ? width / height : Number.NaN);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return aspect;
}

/** A site's floor plan in Leaflet (CRS.Simple: plan units, no geography) with every asset placed on its line. */
export function FloorPlanView({ site, assets }: FloorPlanViewProps) {
  const t = useT(mapMessages);
  const box = useRef<HTMLDivElement>(null);
  const aspect = useAspect(box);
  return (
    <Box ref={box} data-testid="map-floor-plan" role="region" aria-label={t('plan.label', { site })} sx={{ height: '100%', width: '100%' }}>
      {aspect !== null && <FloorPlanMap site={site} assets={assets} viewAspect={aspect} />}
    </Box>
  );
}

function FloorPlanMap({ site, assets, viewAspect }: FloorPlanViewProps & { readonly viewAspect: number }) {
  const { plan, latLngs } = usePlacedPlan(assets, viewAspect);
  const bounds = useMemo<LatLngBoundsExpression>(
    () => [
      [0, 0],
      [plan.height, plan.width],
    ],
    [plan],
  );
  const margin = Math.max(plan.width, plan.height) / 2;
  const maxBounds = useMemo<LatLngBoundsExpression>(
    () => [
      [-margin, -margin],
      [plan.height + margin, plan.width + margin],
    ],
    [plan, margin],
  );
  return (
    <MapContainer
      // A new arrangement means new bounds: remount so the view fits the new plan.
      key={`${site}:${plan.width}x${plan.height}:${plan.areas.map((a) => `${a.x},${a.y}`).join(';')}`}
      crs={CRS.Simple}
      bounds={bounds}
      maxBounds={maxBounds}
      minZoom={-3}
      maxZoom={3}
      zoomSnap={0.1}
      zoomDelta={0.5}
      attributionControl={false}
      style={{ height: '100%', width: '100%', background: hmi.bg }}
    >
      <InvalidateOnResize />
      <SVGOverlay bounds={bounds} attributes={{ viewBox: `0 0 ${plan.width} ${plan.height}` }} interactive={false}>
        <FloorPlanDrawing plan={plan} />
      </SVGOverlay>
      {assets.map((asset) => {
        const position = latLngs.get(asset.id);
        return position === undefined ? null : <AssetMarker key={asset.id} asset={asset} position={position} />;
      })}
    </MapContainer>
  );
}
