import type { ObjectStore, ServiceContext } from '@vigie/service-kit';
import { createHourlyArchiver, HOUR_MS, type ArchivedHour } from '../archive';
import type { IngestionRepository } from '../adapters/ingestion-repository';

/**
 * Rolls `sensor_data` into hourly Parquet objects in the `raw-sensor-data` bucket. An hour counts as complete once
 * readings newer than its end are stored (data time, not the wall clock: a plant clock may run ahead or behind),
 * and each archived hour is recorded in `archive_log`, so a restart resumes after the last one.
 */
export class ArchiveReadings {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: IngestionRepository,
    private readonly store: ObjectStore,
    private readonly bucket: string,
  ) {}

  async runOnce(): Promise<ArchivedHour[]> {
    const { archivedUntil, earliest, latest } = await this.repo.archiveWatermark();
    if (latest === null || earliest === null) return [];
    const from = archivedUntil ?? earliest;
    if (latest < Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS) return [];
    const archiver = createHourlyArchiver({
      store: this.store,
      bucket: this.bucket,
      source: (f, t) => this.repo.readingsBetween(f, t),
      now: () => latest,
    });
    const hours = await archiver.archiveCompleteHours(from, latest);
    for (const h of hours) await this.repo.recordArchivedHour(h);
    if (hours.length) this.ctx.logger.info({ hours: hours.length, rows: hours.reduce((n, h) => n + h.rows, 0) }, 'archived readings to Parquet');
    return hours;
  }

  start(everyMs: number): void {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch((err: unknown) => this.ctx.logger.error({ err }, 'archive run failed; retried at the next tick'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, everyMs);
        });
    };
    this.timer = setTimeout(tick, Math.min(everyMs, 5000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
