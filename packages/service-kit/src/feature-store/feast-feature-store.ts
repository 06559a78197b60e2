import type { HealthCheckResult } from '../http/health';
import { FeatureStoreError } from './errors';
import { FeastClient } from './feast-client';
import { ONLINE_COLUMNS, pushFrame, readOnlineStarts, readOnlineWindows } from './feast-frames';
import type { FeatureStore, FeatureWindow } from './feature-store';
import { assertValidQuery, assertValidWindows, copyWindow, distinctWindows, latestPerSensor } from './validation';

export interface FeastFeatureStoreConfig {
  /** The feature server, e.g. `http://127.0.0.1:16566` (what infra/feast/feast.sh prints as FEAST_URL). */
  readonly url: string;
  /** Names in the feature repository (infra/feast/feature_repo/features.py); its defaults when omitted. */
  readonly featureView?: string;
  readonly pushSource?: string;
  readonly entityKey?: string;
  /** Also push every window to the offline store (the history Feast trains from). Default true. */
  readonly offline?: boolean;
  /** Per HTTP request, body included. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Rows per `POST /push`. Default 1,000 (about 1 MB of JSON for 20-feature windows). */
  readonly pushBatchSize?: number;
  /** Sensors per `POST /get-online-features`. Default 1,000. */
  readonly readBatchSize?: number;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** A sensor id no one uses, for the health probe: the answer proves the feature view is served, not just the server. */
const PING_SENSOR = '__vigie_ping__';

/**
 * The distributed adapter: a Feast feature server over HTTP. `push` sends every window to the push source's offline
 * store (`to: offline`) and the newest window of each sensor to its online store (`to: online`); `online` reads
 * `POST /get-online-features`.
 *
 * Feast's online store keeps the last write of each entity, not the newest event (the SQLite store upserts blindly),
 * so the port's latest-wins rule is kept here: before the online push, the adapter reads each sensor's stored
 * window_start and drops windows older than it. Pushes of one store run one after the other, so that read and the write
 * after it cannot interleave with another push of this process; two processes pushing the same sensor could — the
 * platform has one writer per sensor (the feature-extraction consumer that owns its partition).
 *
 * A re-pushed window replaces the online value, and is appended to the offline file again: Feast's point-in-time
 * joins keep the row with the latest `created` of an (entity, event time), so the history reads the same.
 */
export class FeastFeatureStore implements FeatureStore {
  readonly #client: FeastClient;
  readonly #view: string;
  readonly #pushSource: string;
  readonly #entityKey: string;
  readonly #offline: boolean;
  readonly #pushBatch: number;
  readonly #readBatch: number;
  /** The tail of the chain that serialises pushes. */
  #writes: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(config: Required<FeastFeatureStoreConfig>) {
    this.#client = new FeastClient(config.url, config.timeoutMs);
    this.#view = config.featureView;
    this.#pushSource = config.pushSource;
    this.#entityKey = config.entityKey;
    this.#offline = config.offline;
    this.#pushBatch = config.pushBatchSize;
    this.#readBatch = config.readBatchSize;
  }

  static fromConfig(config: FeastFeatureStoreConfig): FeastFeatureStore {
    const full: Required<FeastFeatureStoreConfig> = {
      featureView: 'sensor_window_features',
      pushSource: 'sensor_windows_push',
      entityKey: 'sensor_id',
      offline: true,
      timeoutMs: 10_000,
      pushBatchSize: 1_000,
      readBatchSize: 1_000,
      ...config,
    };
    let url: URL | undefined;
    try {
      url = new URL(full.url);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      configError(`url must be http(s)://host:port, got '${full.url}'`);
    for (const key of ['featureView', 'pushSource', 'entityKey'] as const) {
      if (!NAME.test(full[key])) configError(`${key} must be a Feast name, got '${full[key]}'`);
    }
    for (const key of ['timeoutMs', 'pushBatchSize', 'readBatchSize'] as const) {
      if (!Number.isSafeInteger(full[key]) || full[key] < 1) configError(`${key} must be a positive integer, got ${full[key]}`);
    }
    return new FeastFeatureStore(full);
  }

  async push(windows: readonly FeatureWindow[]): Promise<void> {
    this.#open();
    assertValidWindows(windows);
    if (windows.length === 0) return;
    const run = this.#writes.then(() => this.#push(windows));
    this.#writes = run.catch(() => undefined);
    return run;
  }

  async online(sensorIds: readonly string[], names?: readonly string[]): Promise<Map<string, FeatureWindow>> {
    this.#open();
    assertValidQuery(sensorIds, names);
    const found = new Map<string, FeatureWindow>();
    await this.#read([...new Set(sensorIds)], ONLINE_COLUMNS, (body, batch) => {
      for (const [sensorId, window] of readOnlineWindows(body, batch))
        found.set(sensorId, names === undefined ? window : copyWindow(window, names));
    });
    return found;
  }

  async ping(): Promise<HealthCheckResult> {
    if (this.#closed) return { status: 'DOWN', details: { reason: 'closed' } };
    const started = performance.now();
    try {
      await this.#storedStarts([PING_SENSOR]);
      return { status: 'UP', details: { latencyMs: Math.round((performance.now() - started) * 100) / 100, featureView: this.#view } };
    } catch (error) {
      return { status: 'DOWN', details: { code: (error as FeatureStoreError).code, error: (error as Error).message } };
    }
  }

  /** Waits for pushes under way, then refuses every call. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#writes;
  }

  async #push(windows: readonly FeatureWindow[]): Promise<void> {
    const created = new Date();
    if (this.#offline) await this.#send(distinctWindows(windows), 'offline', created);
    const candidates = [...latestPerSensor(windows).values()];
    const stored = await this.#storedStarts(candidates.map((w) => w.sensorId));
    const newer = candidates.filter((w) => w.windowStart >= (stored.get(w.sensorId) ?? -Infinity));
    await this.#send(newer, 'online', created);
  }

  async #send(windows: readonly FeatureWindow[], to: 'online' | 'offline', created: Date): Promise<void> {
    for (let start = 0; start < windows.length; start += this.#pushBatch) {
      const df = pushFrame(windows.slice(start, start + this.#pushBatch), this.#entityKey, created);
      await this.#client.post('/push', { push_source_name: this.#pushSource, to, df });
    }
  }

  async #storedStarts(sensorIds: readonly string[]): Promise<Map<string, number>> {
    const stored = new Map<string, number>();
    await this.#read(sensorIds, ['window_start'], (body, batch) => {
      for (const [sensorId, start] of readOnlineStarts(body, batch)) stored.set(sensorId, start);
    });
    return stored;
  }

  /** Reads `columns` of the online store for `sensorIds`, a batch per request, handing each answer to `take`. */
  async #read(
    sensorIds: readonly string[],
    columns: readonly string[],
    take: (body: unknown, batch: readonly string[]) => void,
  ): Promise<void> {
    for (let start = 0; start < sensorIds.length; start += this.#readBatch) {
      const batch = sensorIds.slice(start, start + this.#readBatch);
      const body = await this.#client.post('/get-online-features', {
        features: columns.map((column) => `${this.#view}:${column}`),
        entities: { [this.#entityKey]: batch },
      });
      take(body, batch);
    }
  }

  #open(): void {
    if (this.#closed) throw new FeatureStoreError('FEATURE_STORE_CLOSED');
  }
}

function configError(reason: string): never {
  throw new FeatureStoreError('FEATURE_STORE_CONFIG_INVALID', { reason });
}
