/**
 * How the models page prints a metric: shares (coverage, false-alarm rate, interval level) as percentages, errors in
 * cycles with one decimal, the PHM08 score and counts as whole numbers, anything else with four significant digits.
 * A metric the service could not compute (NaN, ±∞) prints as an em dash rather than "NaN".
 */
export type MetricKind = 'share' | 'cycles' | 'score' | 'count' | 'other';

const KINDS: Readonly<Record<string, MetricKind>> = {
  val_rmse: 'cycles',
  rmse: 'cycles',
  val_phm08: 'score',
  phm08: 'score',
  val_coverage: 'share',
  held_out_coverage: 'share',
  coverage: 'share',
  level: 'share',
  val_false_alarm_rate: 'share',
  sensor_val_false_alarm_rate: 'share',
  precision: 'share',
  recall: 'share',
  trees: 'count',
  val_windows: 'count',
  calibration_windows: 'count',
  fitted_windows: 'count',
  asset_windows: 'count',
  windows: 'count',
  sensors: 'count',
};

export function metricKind(key: string): MetricKind {
  return KINDS[key] ?? (key.endsWith('_rate') || key.endsWith('coverage') ? 'share' : 'other');
}

export const MISSING_METRIC = '—';

export function formatMetric(key: string, value: number | undefined, locale: string): string {
  if (value === undefined || !Number.isFinite(value)) return MISSING_METRIC;
  switch (metricKind(key)) {
    case 'share':
      return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'cycles':
      return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
    case 'score':
    case 'count':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'other':
      return new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(value);
  }
}

/** The metrics shown as columns for RUL versions, in this order; the others appear in the version's details. */
export const RUL_METRIC_COLUMNS = ['val_rmse', 'val_phm08', 'val_coverage', 'held_out_coverage', 'level'] as const;

/**
 * A version's validation RMSE, as figures for the page's words. A C-MAPSS version's target is in engine cycles: one
 * decimal, as `formatMetric`. A simulator version's target counts feature windows of `windowSeconds`, a unit nobody
 * plans with, so its RMSE is given in hours (the unit of its online predictions), two decimals below 10 h and one
 * above, with the figure in windows kept for the explanation. Null when the metric is missing or not finite.
 */
export type RmseFigures =
  | { readonly unit: 'cycles'; readonly cycles: string }
  | { readonly unit: 'hours'; readonly hours: string; readonly windows: string; readonly window: string };

export function rmseFigures(value: number | undefined, windowSeconds: number | null, locale: string): RmseFigures | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  if (windowSeconds === null) return { unit: 'cycles', cycles: formatMetric('val_rmse', value, locale) };
  const hours = (value * windowSeconds) / 3600;
  const digits = Math.abs(hours) < 10 ? 2 : 1;
  return {
    unit: 'hours',
    hours: new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(hours),
    windows: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value),
    window: formatWindowLength(windowSeconds, locale),
  };
}

/** A window length in the largest whole unit that fits (1 h, 10 min, 90 s), with a no-break space before the unit. */
export function formatWindowLength(seconds: number, locale: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (seconds >= 3600 && seconds % 3600 === 0) return `${number.format(seconds / 3600)}\u00a0h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${number.format(seconds / 60)}\u00a0min`;
  return `${number.format(seconds)}\u00a0s`;
}
