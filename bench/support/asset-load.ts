import { RulPrediction, TOPICS, type RulPredictionPayload } from '@vigie/contracts';
import type { Service } from '@vigie/service-kit';

/**
 * The dashboard bench's live load: `count` assets whose RUL prediction changes once a second each. The events are real
 * `rul-predictions` events published on the platform's bus by the rul-prediction service's own publisher, so they go
 * through the monitoring service (read model, asset health, WebSocket hub) and reach the browser as the plant's would.
 * Why not the simulator: the demo plant has 14 machines, and an asset's card only changes when an event changes its
 * health (the hub sends an asset again only when it differs), which the simulator does every few seconds, not each
 * second. The values stay in the healthy range (interval lower bound ≥ 320 h, above the 168 h at which assets turn
 * 'warning' and RUL work orders open) so the load opens no alert and no work order.
 */
export interface AssetLoad {
  readonly assetIds: readonly string[];
  /** Events published so far. */
  readonly published: () => number;
  /** Events published between two wall-clock times (epoch ms). */
  readonly publishedBetween: (from: number, to: number) => number;
  /** Events skipped because the process fell more than a second behind the pace. */
  readonly skipped: () => number;
  /** Publishes one event per asset now (so the assets exist before the first measure). */
  readonly round: () => Promise<void>;
  /**
   * Publishes one asset's event every 1000/count ms (round robin): each asset updates at 1 Hz, spread evenly. When the
   * machine is too busy to keep the pace, the late events go out together as soon as it can.
   */
  readonly start: () => void;
  readonly stop: () => Promise<void>;
}

export function benchAssetIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `BENCH-${String(i + 1).padStart(3, '0')}`);
}

export function createAssetLoad(rulService: Service, count: number): AssetLoad {
  const assetIds = benchAssetIds(count);
  let published = 0;
  let skipped = 0;
  /** Wall-clock time (epoch ms) and size of each published batch, to count what fell inside a measuring window. */
  const batches: { at: number; size: number }[] = [];
  let seq = 0; // makes every prediction id unique, even for one asset twice in a late batch
  let tick = 0;
  let timer: NodeJS.Timeout | undefined;

  const eventOf = (assetId: string, i: number) => {
    const now = Date.now();
    // A slow sine per asset, phase-shifted: every event differs from the last, so the hub forwards every one.
    const phase = (now / 60_000) * 2 * Math.PI + i;
    const rul = Math.round((1300 + 900 * Math.sin(phase)) * 10) / 10; // 400–2200 h: lower bound ≥ 320 h
    const data: RulPredictionPayload = {
      predictionId: `bench:${assetId}:${now}:${seq++}`,
      assetId,
      predictedAt: now,
      asOf: now,
      rul,
      lower: Math.round(rul * 0.8 * 10) / 10,
      upper: Math.round(rul * 1.2 * 10) / 10,
      level: 0.9,
      unit: 'h',
      healthIndex: Math.round((0.55 + 0.4 * (0.5 + 0.5 * Math.sin(phase))) * 1000) / 1000,
      modelVersion: 'bench-load',
    };
    return RulPrediction.create({ source: 'vigie/bench-dashboard', subject: assetId, data });
  };

  const publish = async (indices: readonly number[]) => {
    await rulService.ctx.publish(
      TOPICS.rulPredictions,
      indices.map((i) => eventOf(assetIds[i]!, i)),
    );
    published += indices.length;
    batches.push({ at: Date.now(), size: indices.length });
  };

  /** Indices due but not yet published; one publisher drains them, in batches when the bus falls behind the pace. */
  const due: number[] = [];
  let draining: Promise<void> | null = null;
  // Started only when something is due: an async body with nothing to await would finish (and reset `draining`)
  // before `draining` is assigned, leaving a settled promise there that blocks every later drain.
  const drain = (): Promise<void> => {
    if (draining !== null) return draining;
    if (due.length === 0) return Promise.resolve();
    draining = (async () => {
      try {
        while (due.length > 0) {
          const batch = due.splice(0, due.length);
          await publish(batch).catch((err: unknown) => process.stderr.write(`bench load: publish failed: ${(err as Error).message}\n`));
        }
      } finally {
        draining = null;
      }
    })();
    return draining;
  };

  return {
    assetIds,
    published: () => published,
    publishedBetween: (from, to) => batches.filter((b) => b.at >= from && b.at <= to).reduce((n, b) => n + b.size, 0),
    skipped: () => skipped,
    round: () => publish(assetIds.map((_, i) => i)),
    start: () => {
      const started = Date.now();
      // Catches up on ticks a busy event loop fired late, up to one second's worth: beyond that the events are
      // skipped (and counted), so a lagging process does not burst far above the pace.
      timer = setInterval(
        () => {
          const target = Math.floor(((Date.now() - started) * count) / 1000);
          if (target - tick > count) {
            skipped += target - tick - count;
            tick = target - count;
          }
          while (tick < target) due.push(tick++ % count);
          void drain();
        },
        Math.max(1, Math.floor(1000 / count)),
      );
    },
    stop: async () => {
      clearInterval(timer);
      await draining;
    },
  };
}
