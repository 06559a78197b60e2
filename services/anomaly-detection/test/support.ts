import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExtractedFeatures, PreprocessedData, TOPICS, type ExtractedFeaturesPayload } from '@vigie/contracts';
import { afterAll, beforeAll } from 'vitest';
import { createTestHarness, eventually, type TestHarness } from '@vigie/service-kit-testing';
import { LocalModelRegistry, type Service } from '@vigie/service-kit';
import { createFeatureExtractionService } from '@vigie/feature-extraction';
import { httpFeatureSource, type FeatureSource } from '../src/use-cases/train-baselines';

/** A feature window of asset P-1 (or `assetId`) with the given vibration level. */
export const window = (i: number, rms: number, sensorId = 'P-1.vibration', assetId = 'P-1'): ExtractedFeaturesPayload => ({
  assetId,
  sensorId,
  unit: 'mm/s',
  windowStart: i * 1000,
  windowEnd: (i + 1) * 1000,
  sampleCount: 10,
  firstSampleTs: i * 1000,
  lastSampleTs: i * 1000 + 900,
  features: { mean: rms * 0.95, rms, std: 0.3, max: rms * 1.4, peak_to_peak: 1.2, kurtosis: 0.1 * (i % 2), crest_factor: 1.4 },
});

export const publish = (h: TestHarness, ws: ExtractedFeaturesPayload[]) =>
  h.bus.publish(
    TOPICS.extractedFeatures,
    ws.map((w) => ({
      key: w.assetId,
      value: JSON.stringify(
        ExtractedFeatures.create({ source: 't', subject: w.assetId, data: w, id: `fx:${w.sensorId}:${w.windowStart}` }),
      ),
    })),
  );

/** A LocalModelRegistry in a fresh temporary directory. */
export async function tempRegistry(): Promise<{ registry: LocalModelRegistry; dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vigie-anomaly-models-'));
  return {
    registry: LocalModelRegistry.fromConfig({ directory: dir, fsync: false }),
    dir,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * The real feature-extraction service over HTTP, holding `windows` one-second windows of a steady vibration signal
 * for each asset. Returns its address and a stop function.
 */
export async function startFeatures(
  h: TestHarness,
  schema: string,
  assets: readonly string[],
  windows = 12,
): Promise<{ url: string; service: Service }> {
  const service = createFeatureExtractionService({ ...h.deps(schema), config: { windowSeconds: 1, minSamples: 2 } });
  const url = await service.listen(0, '127.0.0.1');
  const samples = Array.from({ length: (windows + 1) * 10 }, (_, i) => ({
    ts: i * 100,
    value: 2 + (i % 5) * 0.1,
    quality: 'good' as const,
    flags: [],
  }));
  await h.bus.publish(
    TOPICS.preprocessedData,
    assets.map((a) => ({
      key: a,
      value: JSON.stringify(
        PreprocessedData.create({ source: 't', subject: a, data: { assetId: a, sensorId: `${a}.vibration`, unit: 'mm/s', samples } }),
      ),
    })),
  );
  await eventually(async () => (await h.db(schema).query('SELECT 1 FROM extracted_features')).rowCount >= windows * assets.length, 20_000);
  return { url, service };
}

/** A feature source that waits at a gate before reading (a slow feature-extraction), and gives up when aborted. */
export function gatedSource(inner: FeatureSource): { source: FeatureSource; open(): void; entered: Promise<void> } {
  let open!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const enteredP = new Promise<void>((r) => (entered = r));
  const source: FeatureSource = async (assetId, windows, signal) => {
    entered();
    await new Promise<void>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      void gate.then(resolve);
    });
    return inner(assetId, windows, signal);
  };
  return { source, open: () => open(), entered: enteredP };
}

export { httpFeatureSource };

/** The asset's `anomaly_models` rows that came from the registry, as (version, status), oldest version first. */
export async function registryRows(h: TestHarness, db: string, assetId: string): Promise<{ registry_version: number; status: string }[]> {
  const { rows } = await h
    .db(db)
    .query<{ registry_version: number; status: string }>(
      'SELECT registry_version, status FROM anomaly_models WHERE asset_id = $1 AND registry_version IS NOT NULL ORDER BY registry_version',
      [assetId],
    );
  return rows;
}

/** What `trainingFixture` sets up for a describe block: a harness, a temporary registry and the features service. */
export interface TrainingFixture {
  h: TestHarness;
  models: Awaited<ReturnType<typeof tempRegistry>>;
  features: Awaited<ReturnType<typeof startFeatures>>;
}

/**
 * Registers beforeAll/afterAll for a describe block that trains: a test harness, a temporary LocalModelRegistry and
 * the real feature-extraction service holding `windows` windows of each of `assets` in schema `schema`. Read the
 * returned object's fields inside tests (they are set once beforeAll has run).
 */
export function trainingFixture(schema: string, assets: readonly string[], windows = 12): TrainingFixture {
  const f = {} as TrainingFixture;
  beforeAll(async () => {
    f.h = await createTestHarness();
    f.models = await tempRegistry();
    f.features = await startFeatures(f.h, schema, assets, windows);
  });
  afterAll(async () => {
    await f.features.service.stop();
    await f.h.close();
    await f.models.remove();
  });
  return f;
}
