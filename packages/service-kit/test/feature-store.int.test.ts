import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFeatureStoreContract, freePort } from '@vigie/service-kit-testing';
import { PostgresDatabase } from '../src/db/index';
import { FeastFeatureStore, PostgresFeatureStore } from '../src/feature-store/index';

// Never skipped: a missing server must fail the run, not silently pass it.
function required(variable: string, how: string): string {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} must be set. The integration test command starts the server first: ${how}`);
  return value;
}
const databaseUrl = required(
  'VIGIE_TEST_DATABASE_URL',
  'run `infra/postgres/postgres.sh start` and export the DATABASE_URL it prints as VIGIE_TEST_DATABASE_URL.',
);
const feastUrl = required(
  'VIGIE_TEST_FEAST_URL',
  'run `infra/feast/feast.sh start` and export the FEAST_URL it prints as VIGIE_TEST_FEAST_URL.',
);

/** Each store gets a schema of its own on the shared server, dropped afterwards. */
const schemas: { db: PostgresDatabase; schema: string }[] = [];
afterAll(async () => {
  for (const { db, schema } of schemas) {
    await db.exec(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  }
});

describeFeatureStoreContract('PostgresFeatureStore on PostgreSQL', async () => {
  const schema = `feature_store_${randomBytes(4).toString('hex')}`;
  const db = await PostgresDatabase.fromConfig({ url: databaseUrl, poolSize: 4, searchPath: [schema] });
  schemas.push({ db, schema });
  return PostgresFeatureStore.open(db);
});

// Small batches, so the contract's 2,400-window push and 600-sensor read take several requests each.
describeFeatureStoreContract('FeastFeatureStore on a Feast feature server', () =>
  FeastFeatureStore.fromConfig({ url: feastUrl, pushBatchSize: 500, readBatchSize: 250 }),
);

/** A direct read of the feature server, as a Python client of Feast would see what the adapter pushed. */
async function feastRead(features: string[], sensorIds: string[]): Promise<Record<string, unknown[]>> {
  const response = await fetch(`${feastUrl}/get-online-features`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ features: features.map((f) => `sensor_window_features:${f}`), entities: { sensor_id: sensorIds } }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { metadata: { feature_names: string[] }; results: { values: unknown[] }[] };
  return Object.fromEntries(body.metadata.feature_names.map((name, i) => [name, body.results[i]?.values ?? []]));
}

describe('FeastFeatureStore on a real feature server', () => {
  const run = randomBytes(4).toString('hex');
  const store = FeastFeatureStore.fromConfig({ url: feastUrl });
  afterAll(() => store.close());

  it('fills the typed columns of the feature view, null where a window lacks a common feature', async () => {
    const sensorId = `typed-${run}`;
    await store.push([
      {
        assetId: 'P-101',
        sensorId,
        windowStart: 1_700_000_000_000,
        windowEnd: 1_700_000_060_000,
        sampleCount: 6000,
        features: { rms: 0.5, peak_to_peak: 2, band_1k: 7 },
      },
    ]);
    const columns = await feastRead(
      ['asset_id', 'window_start', 'sample_count', 'rms', 'peak_to_peak', 'kurtosis', 'features_json'],
      [sensorId],
    );
    expect(columns).toMatchObject({
      asset_id: ['P-101'],
      window_start: [1_700_000_000_000],
      sample_count: [6000],
      rms: [0.5],
      peak_to_peak: [2],
      kurtosis: [null],
      features_json: ['{"rms":0.5,"peak_to_peak":2,"band_1k":7}'],
    });
  });

  it('reports the feature view it serves, and DOWN with a code when it cannot read it', async () => {
    expect(await store.ping()).toMatchObject({ status: 'UP', details: { featureView: 'sensor_window_features' } });
    const wrongView = FeastFeatureStore.fromConfig({ url: feastUrl, featureView: 'no_such_view' });
    expect(await wrongView.ping()).toMatchObject({ status: 'DOWN', details: { code: 'FEATURE_STORE_REJECTED' } });
    await expect(wrongView.online(['x'])).rejects.toMatchObject({ code: 'FEATURE_STORE_REJECTED' });
  });

  it('fails with FEATURE_STORE_REJECTED for a push source the server does not have', async () => {
    const wrongSource = FeastFeatureStore.fromConfig({ url: feastUrl, pushSource: 'no_such_source' });
    const window = { assetId: 'P-1', sensorId: `src-${run}`, windowStart: 0, windowEnd: 1, sampleCount: 1, features: {} };
    await expect(wrongSource.push([window])).rejects.toMatchObject({ code: 'FEATURE_STORE_REJECTED' });
  });

  it('fails with FEATURE_STORE_UNAVAILABLE, within its timeout, when no server answers', async () => {
    const nowhere = FeastFeatureStore.fromConfig({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 1_000 });
    const started = performance.now();
    await expect(nowhere.online(['x'])).rejects.toMatchObject({ code: 'FEATURE_STORE_UNAVAILABLE' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await nowhere.ping()).status).toBe('DOWN');
  });
});
