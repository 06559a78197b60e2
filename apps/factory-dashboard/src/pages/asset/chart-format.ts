/**
 * Labels of the asset page's charts. Readings, windows and predictions carry plant time (the demo plant runs faster
 * than the clock), so labels come from the data, never from "now". Intl formatters are cached per locale: charts call
 * these for every tick of every redraw, and building a formatter costs far more than using one.
 */
const DAY_MS = 86_400_000;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = cache.get(key) as F | undefined;
  if (f === undefined) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** Axis tick: time of day over a span of a day or less, day and time over longer spans. */
export function formatTick(t: number, locale: string, spanMs: number): string {
  return spanMs <= DAY_MS
    ? cached(`tick-short|${locale}`, () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })).format(t)
    : cached(
        `tick-long|${locale}`,
        () => new Intl.DateTimeFormat(locale, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' }),
      ).format(t);
}

/** Tooltip and table time: day, month, hour, minute and second. */
export function formatInstant(t: number, locale: string): string {
  return cached(
    `instant|${locale}`,
    () => new Intl.DateTimeFormat(locale, { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  ).format(t);
}

/** A reading's value: 3 significant digits at least, at most 2 decimals above 10. */
export function formatValue(v: number, locale: string): string {
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return cached(`value${digits}|${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits })).format(v);
}

/** The time span of a series (first to last point), for the tick format; 0 with fewer than two points. */
export function spanOf(points: readonly { readonly t: number }[]): number {
  if (points.length < 2) return 0;
  return points[points.length - 1]!.t - points[0]!.t;
}

const TICK_STEPS_MS = [
  60_000,
  120_000,
  300_000,
  600_000,
  900_000,
  1_800_000,
  3_600_000,
  7_200_000,
  10_800_000,
  21_600_000,
  43_200_000,
  DAY_MS,
  2 * DAY_MS,
  7 * DAY_MS,
];

/**
 * At most `count` round time ticks inside [from, to] (multiples of 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, days).
 * Given to the axis with `interval={0}`, so the chart library neither picks ticks nor measures labels to thin them.
 */
export function timeTicks(from: number, to: number, count = 5): number[] {
  if (!(to > from)) return Number.isFinite(from) ? [from] : [];
  const step = TICK_STEPS_MS.find((s) => (to - from) / s <= count) ?? Math.ceil((to - from) / count / DAY_MS) * DAY_MS;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}
