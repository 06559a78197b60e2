import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemObjectStore, listAll, type ObjectStore } from '@vigie/service-kit';
import { HOUR_MS, archiveKey, createHourlyArchiver, parseArchiveKey, type ArchiveRow } from '../src/archive/index';

const H13 = Date.UTC(2024, 2, 1, 13);
const BUCKET = 'raw-sensor-data';

/** Three assets, one reading per sensor every 10 s over [from, to); asset A-3's sensor reports nulls. */
function plant(from: number, to: number, assets = ['A-1', 'A-2', 'A-3']): ArchiveRow[] {
  const rows: ArchiveRow[] = [];
  for (let ts = from; ts < to; ts += 10_000) {
    for (const assetId of assets)
      rows.push({
        assetId,
        sensorId: `${assetId}.t`,
        ts,
        value: assetId === 'A-3' && ts % 60_000 === 0 ? null : ts / 1e9,
        quality: 'GOOD',
        unit: '°C',
      });
  }
  return rows;
}

describe('createHourlyArchiver', () => {
  let root: string;
  let store: ObjectStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'vigie-archive-'));
    store = FilesystemObjectStore.fromConfig({ root, fsync: false });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes one Hive-partitioned Parquet object per asset and hour, and records it', async () => {
    const rows = plant(H13, H13 + 2 * HOUR_MS);
    const archiver = createHourlyArchiver({
      store,
      source: (from, to) => rows.filter((r) => r.ts >= from && r.ts < to),
      now: () => H13 + 3 * HOUR_MS,
    });
    const done = await archiver.archiveCompleteHours(H13);
    // The third complete hour has no readings: it is recorded as done, with no object.
    expect(done.map((h) => [h.hourStart, h.objects.length])).toEqual([
      [H13, 3],
      [H13 + HOUR_MS, 3],
      [H13 + 2 * HOUR_MS, 0],
    ]);
    expect(done[0]).toMatchObject({ bucket: BUCKET, hourEnd: H13 + HOUR_MS, rows: 3 * 360, removedKeys: [] });
    expect(done[0]!.objects.map((o) => o.key)).toEqual([archiveKey('A-1', H13), archiveKey('A-2', H13), archiveKey('A-3', H13)]);
    expect(archiveKey('A-1', H13)).toMatch(/^date=2024-03-01\/asset_id=A-1\/hour=13\/part-[0-9a-f]{16}\.parquet$/);
    expect(done[0]!.objects[0]).toMatchObject({ assetId: 'A-1', rows: 360, firstTs: H13, lastTs: H13 + HOUR_MS - 10_000 });
    const keys = (await listAll(store, BUCKET)).map((e) => e.key);
    expect(keys).toHaveLength(6);
    expect(keys.every((k) => /^date=2024-03-01\/asset_id=A-\d\/hour=1[34]\/part-[0-9a-f]{16}\.parquet$/.test(k))).toBe(true);

    const object = done[1]!.objects[2]!;
    const bytes = await store.get(BUCKET, object.key);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const back = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const expected = rows.filter((r) => r.assetId === 'A-3' && r.ts >= H13 + HOUR_MS);
    expect(back.map((r) => [r.asset_id, r.sensor_id, (r.ts as Date).getTime(), r.value])).toEqual(
      expected.map((r) => [r.assetId, r.sensorId, r.ts, r.value]),
    );
    expect(back.filter((r) => r.value === null)).toHaveLength(60);
    expect((await store.head(BUCKET, object.key))?.metadata).toMatchObject({ rows: '360', 'hour-start': '2024-03-01T14:00:00.000Z' });
  });

  it('is idempotent: re-running an hour rewrites the same keys with the same bytes', async () => {
    const rows = plant(H13, H13 + HOUR_MS);
    const archiver = createHourlyArchiver({ store, source: () => rows, now: () => H13 + HOUR_MS });
    const first = await archiver.archiveHour(H13);
    const second = await archiver.archiveHour(H13);
    expect(second.objects.map((o) => [o.key, o.etag])).toEqual(first.objects.map((o) => [o.key, o.etag]));
    expect(await listAll(store, BUCKET)).toHaveLength(3);
  });

  it('removes the part of an asset that has no rows any more when the hour is archived again', async () => {
    let rows = plant(H13, H13 + HOUR_MS);
    const archiver = createHourlyArchiver({ store, source: () => rows, now: () => H13 + HOUR_MS });
    await archiver.archiveHour(H13);
    await store.put(BUCKET, 'date=2024-03-01/README.txt', Buffer.from('not ours: left alone'));
    rows = plant(H13, H13 + HOUR_MS, ['A-1', 'A-2']);
    const again = await archiver.archiveHour(H13);
    expect(again.removedKeys).toEqual([archiveKey('A-3', H13)]);
    expect((await listAll(store, BUCKET)).map((e) => e.key).sort()).toEqual(
      [archiveKey('A-1', H13), archiveKey('A-2', H13), 'date=2024-03-01/README.txt'].sort(),
    );
  });

  it('never archives the hour in progress, and refuses rows outside the hour', async () => {
    const now = H13 + HOUR_MS + 5 * 60_000;
    const archiver = createHourlyArchiver({ store, source: (from, to) => plant(from, to), now: () => now });
    expect((await archiver.archiveCompleteHours(H13, now + HOUR_MS)).map((h) => h.hourStart)).toEqual([H13]);
    await expect(archiver.archiveHour(H13 + HOUR_MS)).rejects.toThrow(/has not ended/);
    await expect(archiver.archiveHour(H13 + 1)).rejects.toThrow(/not the start of an hour/);
    const leaky = createHourlyArchiver({ store, source: (from) => plant(from - 10_000, from + 10_000), now: () => now });
    await expect(leaky.archiveHour(H13)).rejects.toThrow(/outside the hour/);
  });

  it('accepts async sources and URI-encodes asset ids in the partition path', async () => {
    const odd = 'Line 2/Pump=ä%';
    async function* source(from: number): AsyncGenerator<ArchiveRow> {
      yield { assetId: odd, sensorId: 's', ts: from, value: 1, quality: 'GOOD', unit: 'bar' };
    }
    const result = await createHourlyArchiver({ store, bucket: 'archive-b', source, now: () => H13 + HOUR_MS }).archiveHour(H13);
    const key = result.objects[0]!.key;
    expect(key.startsWith('date=2024-03-01/asset_id=Line%202%2FPump%3D%C3%A4%25/hour=13/part-')).toBe(true);
    expect(parseArchiveKey(key)).toEqual({ date: '2024-03-01', assetId: odd, hour: '13' });
    expect(await store.head('archive-b', key)).not.toBeNull();
  });
});
