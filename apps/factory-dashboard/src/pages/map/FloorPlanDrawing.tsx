import { useT } from '../../i18n/i18n';
import { hmi } from '../../theme';
import { PLAN_METRICS, type FloorPlan } from './floor-plan-layout';
import { mapMessages } from './messages';

const FONT = "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

/**
 * The site's floor plan, generated from its ISA-95 hierarchy and drawn as SVG inside Leaflet (no image file, no
 * request): one room per area, one dashed row per line with its conveyor axis, labelled. It scales with the zoom.
 */
export function FloorPlanDrawing({ plan }: { readonly plan: FloorPlan }) {
  const t = useT(mapMessages);
  const m = PLAN_METRICS;
  return (
    <g fontFamily={FONT}>
      <rect x={0} y={0} width={plan.width} height={plan.height} fill={hmi.surface2} />
      {plan.areas.map((area) => (
        <g key={`area:${area.name}`} data-testid="map-plan-area">
          <rect
            x={area.x}
            y={area.y}
            width={area.width}
            height={area.height}
            rx={6}
            fill={hmi.surface}
            stroke={hmi.muted}
            strokeWidth={2}
          />
          <text x={area.x + m.areaPadding} y={area.y + 28} fontSize={18} fontWeight={650} fill={hmi.text}>
            {area.name === '' ? t('plan.noArea') : area.name}
          </text>
          {area.lines.map((line) => (
            <g key={`line:${line.name}`} data-testid="map-plan-line">
              <rect
                x={line.x}
                y={line.y}
                width={line.width}
                height={line.height}
                rx={4}
                fill={hmi.bg}
                stroke={hmi.border}
                strokeWidth={1.5}
                strokeDasharray="6 4"
              />
              <text x={line.x + 8} y={line.y + 16} fontSize={12} fill={hmi.muted}>
                {line.name === '' ? t('plan.noLine') : line.name}
              </text>
              {Array.from({ length: Math.ceil(line.assetIds.length / m.slotsPerRow) }, (_, row) => {
                const y = line.y + m.lineHeader + m.row * (row + 0.5);
                return (
                  <line
                    key={row}
                    x1={line.x + 12}
                    x2={line.x + line.width - 12}
                    y1={y}
                    y2={y}
                    stroke={hmi.border}
                    strokeWidth={4}
                    strokeLinecap="round"
                  />
                );
              })}
            </g>
          ))}
        </g>
      ))}
    </g>
  );
}
