/**
 * Display formatting. `locale` defaults to the browser's (undefined lets Intl pick it); tests pass one explicitly.
 * Formatters are built per call: Intl caches internally and the dashboard renders a few hundred values at most.
 */
type Locale = string | undefined;

/** Health 0–1 as a whole percentage; null means the service has not computed one yet. */
export function formatPercent(ratio: number | null, locale?: Locale): string {
  if (ratio === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

export function formatScore(score: number, locale?: Locale): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(score);
}

/** A robust z-score (MAD-scaled, so in σ units) with its sign: "+5.6σ". */
export function formatSigma(z: number, locale?: Locale): string {
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'always' });
  return `${n.format(z)}σ`;
}

/** Hours with one decimal below 100 h (where the decimal matters for planning), whole hours above. */
export function formatHours(hours: number, locale?: Locale): string {
  const digits = hours < 100 ? 1 : 0;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(hours);
}

/** Time of day for today's events, date and time for older ones: operators mostly look at the current shift. */
export function formatTime(at: number | string, locale?: Locale, now: Date = new Date()): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '—';
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : { day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** Calendar date for due dates, which are planned to the day; the year only when it is not the current one. */
export function formatDate(iso: string | null, locale?: Locale, now: Date = new Date()): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const options: Intl.DateTimeFormatOptions = { day: '2-digit', month: 'short' };
  if (date.getFullYear() !== now.getFullYear()) options.year = 'numeric';
  return new Intl.DateTimeFormat(locale, options).format(date);
}

const RELATIVE_STEPS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/**
 * "in 6 hours", "2 days ago": two orders due the same day read the same as dates, yet one may be overdue. Uses the
 * largest unit that is at least 1 so the figure stays short.
 */
export function formatRelative(at: string | number, now: number, locale?: Locale): string {
  const delta = new Date(at).getTime() - now;
  if (Number.isNaN(delta)) return '';
  const [unit, ms] = RELATIVE_STEPS.find(([, size]) => Math.abs(delta) >= size) ?? ['minute', 60_000];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }).format(Math.round(delta / ms), unit);
}

/** First block of a UUID-like id: enough to tell orders apart on screen; the full id is in the title tooltip. */
export function shortId(id: string): string {
  const head = id.split('-')[0] ?? id;
  return head.length >= 6 ? head.slice(0, 8) : id.slice(0, 8);
}

/** `in_progress` → `in progress`. */
export function humanize(value: string): string {
  return value.replaceAll('_', ' ');
}
