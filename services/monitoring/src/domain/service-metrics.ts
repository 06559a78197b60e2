import type { ServiceMetricsSample } from '@vigie/contracts';
import type { PromSample } from './prometheus-text';

/**
 * The series of service-kit's ServiceMetrics (packages/service-kit/src/metrics.ts) that monitoring aggregates.
 * vigie_consumer_lag_messages is declared there but only set where a bus adapter reports lag: absent → null.
 */
export const SERIES = {
  httpBucket: 'vigie_http_request_duration_seconds_bucket',
  httpCount: 'vigie_http_request_duration_seconds_count',
  consumed: 'vigie_events_consumed_total',
  published: 'vigie_events_published_total',
  lag: 'vigie_consumer_lag_messages',
} as const;

/** Routes excluded from the request figures: monitoring's own polls would otherwise be most of the traffic. */
const isOpsRoute = (route: string | undefined): boolean => route !== undefined && route.startsWith('/actuator');

/** The counters of one scrape, summed over the label sets that matter. */
export interface ScrapeTotals {
  /** Epoch ms of the scrape. */
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  /** Cumulative request counts by upper bound (seconds), +Inf included, over all non-ops routes. */
  readonly buckets: ReadonlyMap<number, number>;
  readonly eventsIn: number;
  readonly eventsOut: number;
  readonly dlqTotal: number;
  readonly consumerLag: number | null;
}

export function totalsOf(samples: readonly PromSample[], at: number): ScrapeTotals {
  let requests = 0;
  let errors = 0;
  let eventsIn = 0;
  let eventsOut = 0;
  let dlqTotal = 0;
  let consumerLag: number | null = null;
  const buckets = new Map<number, number>();
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    switch (s.name) {
      case SERIES.httpCount:
        if (isOpsRoute(s.labels.route)) break;
        requests += s.value;
        if (Number(s.labels.status) >= 500) errors += s.value;
        break;
      case SERIES.httpBucket: {
        if (isOpsRoute(s.labels.route)) break;
        const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
        if (!Number.isNaN(le)) buckets.set(le, (buckets.get(le) ?? 0) + s.value);
        break;
      }
      case SERIES.consumed:
        eventsIn += s.value;
        if (s.labels.outcome === 'dead_lettered') dlqTotal += s.value;
        break;
      case SERIES.published:
        eventsOut += s.value;
        break;
      case SERIES.lag:
        consumerLag = (consumerLag ?? 0) + s.value;
        break;
    }
  }
  return { at, requests, errors, buckets, eventsIn, eventsOut, dlqTotal, consumerLag };
}

/** A counter's increase; a smaller value means the service restarted (counters from zero), as Prometheus' rate(). */
const increase = (prev: number, curr: number): number => (curr >= prev ? curr - prev : curr);

const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The φ-quantile of a cumulative histogram, interpolated linearly inside the bucket that holds it (as PromQL's
 * histogram_quantile). When it falls in the +Inf bucket, the highest finite bound is returned. null when empty.
 */
export function histogramQuantile(phi: number, buckets: ReadonlyMap<number, number>): number | null {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total <= 0) return null;
  const rank = phi * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Infinity) return lowerBound;
      if (count === lowerCount) return le;
      return lowerBound + ((le - lowerBound) * (rank - lowerCount)) / (count - lowerCount);
    }
    lowerBound = le;
    lowerCount = count;
  }
  return lowerBound;
}

/** One sample from two consecutive scrapes (rates over the interval between them); `prev` null → rates null. */
export function aggregateScrapes(prev: ScrapeTotals | null, curr: ScrapeTotals): ServiceMetricsSample {
  const base = { at: new Date(curr.at).toISOString(), consumerLag: curr.consumerLag, dlqTotal: curr.dlqTotal };
  const seconds = prev ? (curr.at - prev.at) / 1000 : 0;
  if (!prev || seconds <= 0) {
    return { ...base, requestsPerSecond: null, eventsInPerSecond: null, eventsOutPerSecond: null, latencyP95Ms: null, errorRate: null };
  }
  const restarted = curr.requests < prev.requests;
  const requests = increase(prev.requests, curr.requests);
  const errors = restarted ? curr.errors : Math.max(0, curr.errors - prev.errors);
  const window = new Map<number, number>();
  for (const [le, count] of curr.buckets) window.set(le, restarted ? count : Math.max(0, count - (prev.buckets.get(le) ?? 0)));
  const p95 = requests > 0 ? histogramQuantile(0.95, window) : null;
  return {
    ...base,
    requestsPerSecond: round(requests / seconds),
    eventsInPerSecond: round(increase(prev.eventsIn, curr.eventsIn) / seconds),
    eventsOutPerSecond: round(increase(prev.eventsOut, curr.eventsOut) / seconds),
    latencyP95Ms: p95 === null ? null : round(p95 * 1000, 1),
    errorRate: requests > 0 ? round(errors / requests, 4) : null,
  };
}
