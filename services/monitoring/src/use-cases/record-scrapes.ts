import type { ServiceMetricsSample } from '@vigie/contracts';
import type { Scrape } from '../adapters/health-poller';
import { ALERT_KINDS, consumerLagAlert, consumersFallingBehind, dlqGrowthAlert } from '../domain/alert-rules';
import { aggregateScrapes, totalsOf } from '../domain/service-metrics';
import { checkServiceAlert } from './debounced-alert';
import type { MonitoringContext } from './monitoring-context';

const SAMPLE_RETENTION_MS = 24 * 3600_000;

/**
 * Turns one round of Prometheus scrapes into per-service samples (rates from the previous scrape), stores them in
 * `system_metrics`, and checks the `consumer_lag` and `dlq_growth` alerts of each scraped service. A service that
 * could not be scraped keeps its alerts as they are (no evidence either way).
 */
export async function recordScrapes(ctx: MonitoringContext, scrapes: readonly Scrape[]): Promise<void> {
  const samples: { service: string; sample: ServiceMetricsSample }[] = [];
  for (const scrape of scrapes) {
    if (scrape.samples === null) {
      ctx.logger.debug({ service: scrape.service, error: scrape.error }, 'prometheus scrape failed');
      continue;
    }
    const totals = totalsOf(scrape.samples, scrape.at);
    const prev = ctx.scrapes.get(scrape.service) ?? null;
    ctx.scrapes.set(scrape.service, totals);
    const sample = aggregateScrapes(prev, totals);
    samples.push({ service: scrape.service, sample });

    // A smaller total is a restart; any dead letters since then are growth too.
    if (prev !== null && (totals.dlqTotal > prev.dlqTotal || (totals.dlqTotal < prev.dlqTotal && totals.dlqTotal > 0))) {
      ctx.dlqGrewAt.set(scrape.service, scrape.at);
    }
    const at = new Date(scrape.at);
    const { consumerLagAlertMessages: maxLag, dlqGrowthWindowMs } = ctx.config;
    const lag = totals.consumerLag;
    await checkServiceAlert(
      ctx,
      ALERT_KINDS.consumerLag,
      scrape.service,
      consumersFallingBehind(prev?.consumerLag ?? null, lag, maxLag),
      () => consumerLagAlert(scrape.service, lag ?? 0, maxLag),
      at,
    );
    const grewAt = ctx.dlqGrewAt.get(scrape.service);
    const growing = grewAt !== undefined && scrape.at - grewAt < dlqGrowthWindowMs;
    await checkServiceAlert(ctx, ALERT_KINDS.dlqGrowth, scrape.service, growing, () => dlqGrowthAlert(scrape.service, totals.dlqTotal), at);
  }
  await ctx.metrics.saveServiceSamples(samples);
  await ctx.metrics.pruneServiceSamples(new Date(ctx.now() - SAMPLE_RETENTION_MS));
}
