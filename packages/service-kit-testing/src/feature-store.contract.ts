import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureStore, FeatureWindow } from '@vigie/service-kit';

/** 2023-11-14T22:13:20Z: windows of one minute from there. */
const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

/** Feature values a double can hold and JSON can carry, at the edges of the range. */
const EDGE_FEATURES: Record<string, number> = {
  rms: 0.125,
  mean: -1.5,
  max: 1.7976931348623157e308,
  min: -1.7976931348623157e308,
  kurtosis: 5e-324,
  std: 0.1 + 0.2,
  crest_factor: 3,
  zero: 0,
  big_integer: 2 ** 53,
};

/**
 * The behaviour every FeatureStore adapter must show. Sensor ids carry a random prefix per run, so runs against a
 * long-lived server (a Feast feature server, a shared PostgreSQL) never see each other's windows. `factory` returns an
 * open store; the suite closes what it opened.
 */
export function describeFeatureStoreContract(name: string, factory: () => FeatureStore | Promise<FeatureStore>): void {
  describe(`FeatureStore contract: ${name}`, () => {
    const run = randomBytes(4).toString('hex');
    const sensor = (id: string): string => `contract-${run}-${id}`;
    const window = (id: string, minute: number, features: Record<string, number> = { rms: minute + 0.5 }): FeatureWindow => ({
      assetId: `asset-${run}`,
      sensorId: sensor(id),
      windowStart: T0 + minute * MINUTE,
      windowEnd: T0 + (minute + 1) * MINUTE,
      sampleCount: 1_000 + minute,
      features,
    });
    const opened: FeatureStore[] = [];
    let store: FeatureStore;

    beforeAll(async () => {
      store = await factory();
      opened.push(store);
    });
    afterAll(async () => {
      for (const each of opened) await each.close();
    });

    it('reads back what it was pushed, exactly', async () => {
      const windows = [window('round-a', 0, EDGE_FEATURES), window('round-b', 3, { rms: 2, peak_to_peak: 4.25 })];
      await store.push(windows);
      const online = await store.online([sensor('round-a'), sensor('round-b')]);
      expect(online).toStrictEqual(new Map(windows.map((w) => [w.sensorId, w])));
    });

    it('keeps feature names outside the common set, and windows without any feature', async () => {
      const features = { band_energy_1k_2k: 0.75, bpfo_amplitude: 1e-12, 'envelope.peak@1x': -2, température: 21.5, rms: 1 };
      await store.push([window('names', 0, features), window('empty', 0, {})]);
      const online = await store.online([sensor('names'), sensor('empty')]);
      expect(online.get(sensor('names'))?.features).toStrictEqual(features);
      expect(online.get(sensor('empty'))?.features).toStrictEqual({});
    });

    it('leaves out sensors it has never been pushed, and answers each sensor asked twice once', async () => {
      await store.push([window('known', 0)]);
      const online = await store.online([sensor('unknown'), sensor('known'), sensor('known'), sensor('never')]);
      expect([...online.keys()]).toStrictEqual([sensor('known')]);
      expect(await store.online([])).toStrictEqual(new Map());
      await expect(store.push([])).resolves.toBeUndefined();
    });

    it('is idempotent on (sensorId, windowStart): a re-push changes nothing, a recomputed window replaces the first', async () => {
      const first = window('idem', 5, { rms: 1, custom: 2 });
      await store.push([first]);
      await store.push([first]);
      expect((await store.online([first.sensorId])).get(first.sensorId)).toStrictEqual(first);
      const recomputed = { ...first, sampleCount: 999, windowEnd: first.windowEnd + 1, features: { rms: 1.5 } };
      await store.push([recomputed]);
      expect((await store.online([first.sensorId])).get(first.sensorId)).toStrictEqual(recomputed);
    });

    it('serves the window with the latest start, whatever the order of pushes', async () => {
      // Newest first within one push.
      await store.push([window('latest', 2), window('latest', 1)]);
      expect((await store.online([sensor('latest')])).get(sensor('latest'))).toStrictEqual(window('latest', 2));
      // An older window pushed after a newer one goes to the history only.
      await store.push([window('latest', 0)]);
      expect((await store.online([sensor('latest')])).get(sensor('latest'))).toStrictEqual(window('latest', 2));
      // The same key repeated in one push: its last version counts.
      await store.push([window('latest', 3, { rms: 1 }), window('latest', 3, { rms: 2 })]);
      expect((await store.online([sensor('latest')])).get(sensor('latest'))?.features).toStrictEqual({ rms: 2 });
      await store.push([window('latest', 7)]);
      expect((await store.online([sensor('latest')])).get(sensor('latest'))).toStrictEqual(window('latest', 7));
    });

    it('limits the features to the names asked for', async () => {
      await store.push([window('filter', 0, { rms: 1, kurtosis: 3, custom_band: 0.5 })]);
      const [only] = (await store.online([sensor('filter')], ['custom_band', 'rms', 'not_computed'])).values();
      expect(only).toStrictEqual(window('filter', 0, { rms: 1, custom_band: 0.5 }));
      const [none] = (await store.online([sensor('filter')], [])).values();
      expect(none?.features).toStrictEqual({});
      expect(none?.windowStart).toBe(T0);
    });

    it('pushes and reads many sensors in large batches', async () => {
      const sensors = Array.from({ length: 600 }, (_, i) => `bulk-${i}`);
      // 2,400 windows in one push, every sensor's newest in the middle of the batch.
      const windows = [0, 3, 1, 2].flatMap((minute) =>
        sensors.map((id, i) => window(id, minute, { rms: i, minute, [`own_${i % 7}`]: i / 7 })),
      );
      await store.push(windows);
      const asked = [...sensors.map(sensor), sensor('bulk-absent')];
      const online = await store.online(asked);
      expect(online.size).toBe(sensors.length);
      sensors.forEach((id, i) =>
        expect(online.get(sensor(id))).toStrictEqual(window(id, 3, { rms: i, minute: 3, [`own_${i % 7}`]: i / 7 })),
      );
    });

    it('refuses malformed windows with FEATURE_STORE_WINDOW_INVALID, writing none of the batch', async () => {
      const good = window('valid-before-bad', 0);
      const bad: FeatureWindow[] = [
        window('bad', 0, { rms: Number.NaN }),
        window('bad', 0, { rms: Number.POSITIVE_INFINITY }),
        window('bad', 0, { rms: '1' as unknown as number }),
        window('bad', 0, { '': 1 }),
        { ...window('bad', 0), sensorId: '' },
        { ...window('bad', 0), assetId: '' },
        { ...window('bad', 0), windowStart: T0 + 0.5 },
        { ...window('bad', 0), windowStart: -1 },
        { ...window('bad', 0), windowEnd: T0 - 1 },
        { ...window('bad', 0), sampleCount: -1 },
        { ...window('bad', 0), features: null as unknown as Record<string, number> },
      ];
      for (const each of bad) {
        await expect(store.push([good, each]), JSON.stringify(each)).rejects.toMatchObject({
          code: 'FEATURE_STORE_WINDOW_INVALID',
          details: { index: 1 },
        });
      }
      await expect(store.push(null as unknown as FeatureWindow[])).rejects.toMatchObject({ code: 'FEATURE_STORE_WINDOW_INVALID' });
      expect(await store.online([good.sensorId, sensor('bad')])).toStrictEqual(new Map());
    });

    it('refuses malformed queries with FEATURE_STORE_QUERY_INVALID', async () => {
      await expect(store.online([''])).rejects.toMatchObject({ code: 'FEATURE_STORE_QUERY_INVALID' });
      await expect(store.online([sensor('q'), 42 as unknown as string])).rejects.toMatchObject({ code: 'FEATURE_STORE_QUERY_INVALID' });
      await expect(store.online([sensor('q')], [''])).rejects.toMatchObject({ code: 'FEATURE_STORE_QUERY_INVALID' });
      await expect(store.online('abc' as unknown as string[])).rejects.toMatchObject({ code: 'FEATURE_STORE_QUERY_INVALID' });
    });

    it('reports UP while open; after close it is DOWN and every call fails with FEATURE_STORE_CLOSED', async () => {
      const closing = await factory();
      opened.push(closing);
      expect((await closing.ping()).status).toBe('UP');
      await closing.close();
      expect((await closing.ping()).status).toBe('DOWN');
      await expect(closing.push([window('closed', 0)])).rejects.toMatchObject({ code: 'FEATURE_STORE_CLOSED' });
      await expect(closing.online([sensor('closed')])).rejects.toMatchObject({ code: 'FEATURE_STORE_CLOSED' });
    });
  });
}
