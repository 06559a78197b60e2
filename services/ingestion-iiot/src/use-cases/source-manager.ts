import { SensorData, TOPICS } from '@vigie/contracts';
import type { Reading } from '@vigie/plant-simulator';
import { AppError, type ServiceContext } from '@vigie/service-kit';
import { createOpcUaSource, type OpcUaSource } from '../adapters/opcua-source';
import type { IngestionRepository } from '../adapters/ingestion-repository';
import type { SourceConfig } from '../config';
import { batchReadings } from '../domain/batch-readings';

type State = 'stopped' | 'connecting' | 'connected' | 'reconnecting' | 'error';

interface ManagedSource {
  config: SourceConfig;
  source: OpcUaSource | null;
  state: State;
  readings: number;
  lastReadingAt: number | null;
  error: string | null;
  /** Readings whose publish failed, re-sent first on the next batch: accepted data is never dropped. */
  pending: Reading[];
}

/** Owns the configured sources: start/stop, status, and the path from a source's readings to `sensor-data`. */
export class SourceManager {
  private readonly sources = new Map<string, ManagedSource>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: IngestionRepository,
    configs: readonly SourceConfig[],
    private readonly pkiDir: string | undefined,
  ) {
    for (const config of configs) this.sources.set(config.id, { config, source: null, state: 'stopped', readings: 0, lastReadingAt: null, error: null, pending: [] });
  }

  status() {
    return [...this.sources.values()].map((s) => ({
      id: s.config.id,
      protocol: s.config.protocol,
      endpoint: s.config.endpoint,
      state: s.state,
      readings: s.readings,
      lastReadingAt: s.lastReadingAt === null ? null : new Date(s.lastReadingAt).toISOString(),
      error: s.error,
    }));
  }

  private select(ids: readonly string[] | undefined): ManagedSource[] {
    if (!ids) return [...this.sources.values()];
    return ids.map((id) => {
      const s = this.sources.get(id);
      if (!s) throw new AppError('NOT_FOUND', `no source ${id}`, { source: id });
      return s;
    });
  }

  async start(ids?: readonly string[]): Promise<void> {
    await Promise.all(this.select(ids).filter((s) => s.source === null).map((s) => this.startOne(s)));
  }

  async stop(ids?: readonly string[]): Promise<void> {
    await Promise.all(
      this.select(ids).map(async (s) => {
        const source = s.source;
        s.source = null;
        s.state = 'stopped';
        await source?.stop();
      }),
    );
  }

  private async startOne(s: ManagedSource): Promise<void> {
    s.state = 'connecting';
    s.error = null;
    const source = createOpcUaSource({
      endpointUrl: s.config.endpoint,
      logger: this.ctx.logger,
      ...(this.pkiDir ? { pkiDir: this.pkiDir } : {}),
      onStatus: (st) => {
        if (s.source !== source) return;
        s.state = st.state === 'stopped' ? 'stopped' : st.state;
        s.error = st.error ?? null;
      },
      onReadings: (readings) => this.accept(s, readings),
    });
    s.source = source;
    try {
      await source.start();
      await this.repo.upsertCatalog(s.config.id, source.catalog());
    } catch (err) {
      s.state = 'error';
      s.error = (err as Error).message;
      this.ctx.logger.error({ err, source: s.config.id }, 'source failed to start; it will be retried on the next start request');
      s.source = null;
      await source.stop().catch(() => undefined);
    }
  }

  private async accept(s: ManagedSource, readings: Reading[]): Promise<void> {
    const all = s.pending.length ? [...s.pending, ...readings] : readings;
    s.pending = [];
    try {
      const batches = batchReadings(all);
      await this.ctx.publish(
        TOPICS.sensorData,
        batches.map((b) => SensorData.create({ source: `vigie/ingestion-iiot/${s.config.id}`, subject: b.data.assetId, data: b.data, id: b.id })),
      );
      s.readings += all.length;
      s.lastReadingAt = Date.now();
    } catch (err) {
      s.pending = all;
      this.ctx.logger.error({ err, pending: all.length }, 'publishing readings failed; they will be re-sent with the next batch');
    }
  }
}
