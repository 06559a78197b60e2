import type { MonitoringContext } from './monitoring-context';

const RETENTION_MS = 7 * 24 * 3600_000;

/** Adds the last saved per-topic totals to the in-memory counters (at start, before consumers run). */
export async function restoreCounters(ctx: MonitoringContext): Promise<void> {
  ctx.counters.restore(await ctx.metrics.loadCounters());
}

/** Writes the counters to system_metrics when they moved (or always, on shutdown) and prunes old samples. */
export async function flushCounters(ctx: MonitoringContext, force = false): Promise<void> {
  if (!ctx.counters.takeDirty() && !force) return;
  const now = ctx.now();
  await ctx.metrics.saveCounters(ctx.counters.snapshot(), new Date(now));
  await ctx.metrics.prune(new Date(now - RETENTION_MS));
}
