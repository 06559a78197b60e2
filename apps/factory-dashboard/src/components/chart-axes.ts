/**
 * Shared Recharts settings of the time-series charts (asset page): a time X axis over the data's own span (plant
 * time, never "now"), the light horizontal grid and the tooltip's time label. Spread them on the Recharts elements:
 * `<XAxis {...timeAxisProps(points, locale)} />`.
 */
import { hmi } from '../theme';
import { formatInstant, formatTick, formatValue, spanOf, timeTicks } from '../pages/asset/chart-format';

/** Props of a numeric X axis on `t` (epoch ms) from the first to the last point, ticks labelled for the span. */
export function timeAxisProps(
  points: readonly { readonly t: number }[],
  locale: string,
  { tickCount, fontSize = 11 }: { readonly tickCount?: number; readonly fontSize?: number } = {},
) {
  const span = spanOf(points);
  const from = points[0]?.t ?? 0;
  const to = points.at(-1)?.t ?? 0;
  return {
    dataKey: 't',
    type: 'number' as const,
    domain: [from, to] as [number, number],
    ticks: timeTicks(from, to, tickCount),
    interval: 0,
    tickFormatter: (v: number) => formatTick(v, locale, span),
    tick: { fontSize },
  };
}

/** Props of a Y axis of reading values (automatic domain, values formatted by their magnitude). */
export function valueAxisProps(locale: string, { width, fontSize = 11 }: { readonly width: number; readonly fontSize?: number }) {
  return {
    domain: ['auto', 'auto'] as [string, string],
    width,
    interval: 0,
    tick: { fontSize },
    tickFormatter: (v: number) => formatValue(v, locale),
  };
}

/** Props of the charts' background grid: dashed horizontal lines only. */
export const GRID_PROPS = { stroke: hmi.border, strokeDasharray: '3 3', vertical: false } as const;

/** Tooltip label of a time axis: the instant to the second. */
export function timeLabel(locale: string): (v: unknown) => string {
  return (v) => formatInstant(Number(v), locale);
}
