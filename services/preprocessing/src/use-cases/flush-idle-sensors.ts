import type { ServiceContext } from '@vigie/service-kit';
import type { BatchRecord, PreprocessingRepository } from '../adapters/preprocessing-repository';
import { publishAndStore } from './preprocess-batch';
import type { SensorStreams } from './sensor-streams';

/**
 * Releases the samples a quiet sensor's pipeline still holds (reorder buffer, pending imputation, Hampel look-ahead,
 * an unfinished flat run) once no input came for idleMs of wall-clock time, so its last samples are not stuck until
 * it speaks again. The flush is an event of its own, `flush:<sensor>:<n>` (n counted in the stored state), published
 * then stored like any batch.
 */
export class FlushIdleSensors {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: PreprocessingRepository,
    private readonly streams: SensorStreams,
    private readonly idleMs: number,
  ) {}

  execute(): Promise<number> {
    return this.streams.lock(async () => {
      const idle = this.streams.idle(this.idleMs);
      if (idle.length === 0) return 0;
      const records: BatchRecord[] = [];
      try {
        for (const s of idle) {
          const { samples, report } = s.pipeline.flush();
          s.flushes++;
          records.push({
            eventId: `flush:${s.sensorId}:${s.flushes}`,
            operation: 'idle_flush',
            assetId: s.assetId,
            sensorId: s.sensorId,
            unit: s.unit,
            report,
            samples,
            span: null,
          });
        }
        await publishAndStore(
          this.ctx,
          this.repo,
          records,
          idle.map((s) => this.streams.snapshot(s)),
        );
      } catch (err) {
        this.streams.evict(idle.map((s) => s.sensorId));
        throw err;
      }
      return records.reduce((n, r) => n + r.samples.length, 0);
    });
  }

  /** Checks every quarter of idleMs until stopped. */
  start(): { stop(): Promise<void> } {
    let running: Promise<unknown> | null = null;
    const timer = setInterval(
      () => {
        running ??= this.execute()
          .catch((err: unknown) => this.ctx.logger.warn({ err }, 'idle flush failed; retried at the next tick'))
          .finally(() => (running = null));
      },
      Math.max(10, Math.floor(this.idleMs / 4)),
    );
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  }
}
