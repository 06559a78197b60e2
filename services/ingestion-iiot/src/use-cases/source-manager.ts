import { SensorData, TOPICS } from '@vigie/contracts';
import type { Reading } from '@vigie/plant-simulator';
import { AppError, ConflictError, type Keyring, type ServiceContext } from '@vigie/service-kit';
import type { IngestionRepository } from '../adapters/ingestion-repository';
import { batchReadings } from '../domain/batch-readings';
import { normalizeReading } from '../domain/units';
import { createSource, describeEndpoint, type IngestionSource, type SourceConfig } from '../sources';
import { openSource, sealSource } from '../sources/secrets';

type State = 'stopped' | 'connecting' | 'connected' | 'reconnecting' | 'error';

interface ManagedSource {
  /** As stored: the secrets of a source added over REST stay sealed here until it connects. */
  config: SourceConfig;
  /** Added over REST (persisted) rather than by the plant file / configuration. */
  dynamic: boolean;
  source: IngestionSource | null;
  state: State;
  readings: number;
  lastReadingAt: number | null;
  error: string | null;
  /** Readings whose publish failed, re-sent first on the next batch: accepted data is never dropped. */
  pending: Reading[];
  /** Declared unit per sensor (from the source's catalog), readings are converted to it. */
  units: Map<string, string>;
}

/** Owns the sources: lifecycle, status, unit normalisation, and the path from readings to `sensor-data`. */
export class SourceManager {
  private readonly sources = new Map<string, ManagedSource>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: IngestionRepository,
    configs: readonly SourceConfig[],
    private readonly pkiDir: string | undefined,
    /** Seals the secrets of sources added over REST; none configured → adding a source with a secret fails (SECRET_KEY_MISSING). */
    private readonly keyring?: Keyring,
  ) {
    for (const config of configs) this.sources.set(config.id, this.managed(config, false));
  }

  private managed(config: SourceConfig, dynamic: boolean): ManagedSource {
    return { config, dynamic, source: null, state: 'stopped', readings: 0, lastReadingAt: null, error: null, pending: [], units: new Map() };
  }

  /**
   * Adds the sources saved over REST in an earlier run. Stored secrets still in plaintext (rows written before secrets
   * were sealed) are sealed, and those under an older key resealed with the current one (rotation), in place.
   */
  async restore(): Promise<void> {
    for (const saved of await this.repo.savedSources()) {
      if (this.sources.has(saved.id)) continue;
      let config = saved;
      try {
        const sealed = sealSource(this.keyring, saved);
        if (sealed.changed) {
          await this.repo.updateSource(sealed.config);
          this.ctx.logger.info({ source: saved.id, keyId: this.keyring?.currentKeyId }, 'stored source secrets sealed with the current data key');
        }
        config = sealed.config;
      } catch (err) {
        // The source stays as stored; starting it reports the same error on the source.
        const code = err instanceof AppError ? err.code : 'INTERNAL';
        this.ctx.logger.error({ source: saved.id, code, error: (err as Error).message }, 'stored source secrets could not be sealed again');
      }
      this.sources.set(saved.id, this.managed(config, true));
    }
  }

  /** Protocol-specific details of each running source (OPC UA mode and failed nodes, MQTT counters…), for health. */
  details(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const s of this.sources.values()) {
      const src = s.source as (IngestionSource & { status?: () => unknown; stats?: () => unknown }) | null;
      out[s.config.id] = src?.status?.() ?? src?.stats?.() ?? null;
    }
    return out;
  }

  status() {
    return [...this.sources.values()].map((s) => ({
      id: s.config.id,
      protocol: s.config.protocol,
      endpoint: describeEndpoint(s.config),
      state: s.state,
      readings: s.readings,
      lastReadingAt: s.lastReadingAt === null ? null : new Date(s.lastReadingAt).toISOString(),
      error: s.error,
    }));
  }

  /** Adds a source over REST and, with `start`, starts it; `waitMs` as for start(). */
  async add(config: SourceConfig, start: boolean, waitMs = Infinity): Promise<void> {
    if (this.sources.has(config.id)) throw new ConflictError('CONFLICT', { source: config.id }, `a source ${config.id} exists already`);
    const sealed = sealSource(this.keyring, config).config;
    await this.repo.saveSource(sealed);
    const s = this.managed(sealed, true);
    this.sources.set(config.id, s);
    if (start) await within(this.startOne(s), waitMs);
  }

  async remove(id: string): Promise<void> {
    const [s] = this.select([id]);
    if (!s!.dynamic) throw new ConflictError('CONFLICT', { source: id }, `${id} comes from the configuration; edit the plant file instead`);
    await this.stop([id]);
    await this.repo.deleteSource(id);
    this.sources.delete(id);
  }

  private select(ids: readonly string[] | undefined): ManagedSource[] {
    if (!ids) return [...this.sources.values()];
    return ids.map((id) => {
      const s = this.sources.get(id);
      if (!s) throw new AppError('NOT_FOUND', `no source ${id}`, { source: id });
      return s;
    });
  }

  /**
   * Starts the given sources (all by default). Resolves once each has connected or failed, or after `waitMs`, whichever
   * is first: an OPC UA client retries an unreachable server without end, so a request answers with the source still
   * `connecting` rather than never (startOne catches every error, so what goes on in the background cannot reject).
   */
  async start(ids?: readonly string[], waitMs = Infinity): Promise<void> {
    await within(Promise.all(this.select(ids).filter((s) => s.source === null).map((s) => this.startOne(s))), waitMs);
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
    let config: SourceConfig;
    try {
      config = openSource(this.keyring, s.config);
    } catch (err) {
      s.state = 'error';
      s.error = err instanceof AppError ? `${err.code}: ${err.message}` : (err as Error).message;
      this.ctx.logger.error({ source: s.config.id, error: s.error }, 'source secrets could not be opened; the source is not started');
      return;
    }
    const source: IngestionSource = createSource(
      config,
      {
        logger: this.ctx.logger,
        onStatus: (st) => {
          if (s.source !== source) return;
          s.state = st.state === 'stopped' ? 'stopped' : st.state;
          s.error = st.error ?? null;
        },
        onReadings: (readings) => this.accept(s, readings),
      },
      this.pkiDir ? { pkiDir: this.pkiDir } : {},
    );
    s.source = source;
    try {
      await source.start();
      const catalog = source.catalog();
      s.units = new Map(catalog.flatMap((a) => a.sensors.map((x) => [x.id, x.unit] as const)));
      await this.repo.upsertCatalog(s.config.id, catalog);
    } catch (err) {
      // Stopped (or removed) while it was connecting: the state is the stop's.
      if (s.source !== source) return;
      s.state = 'error';
      s.error = (err as Error).message;
      this.ctx.logger.error({ err, source: s.config.id }, 'source failed to start; it will be retried on the next start request');
      s.source = null;
      await source.stop().catch(() => undefined);
    }
  }

  private async accept(s: ManagedSource, readings: Reading[]): Promise<void> {
    const normalized = readings.map((r) => {
      const outcome = normalizeReading(r, s.units.get(r.sensorId));
      if ('unconvertible' in outcome) this.ctx.logger.warn({ sensorId: r.sensorId, conversion: outcome.unconvertible }, 'unit with no known conversion: reading kept as a gap');
      return outcome.reading;
    });
    const all = s.pending.length ? [...s.pending, ...normalized] : normalized;
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

/** Waits for `work` at most `ms` milliseconds (Infinity: until it settles). */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  if (ms === Infinity) {
    await work;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
