import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { ReadingsParquetWriter, writeReadingsParquet, type ArchiveRow } from '../src/archive/index';

const T0 = Date.UTC(2024, 2, 1, 13, 0, 0);

/** Deterministic readings: two sensors, every 7th value null, a Unicode unit and a non-GOOD quality now and then. */
function readings(count: number, assetId = 'P-101'): ArchiveRow[] {
  return Array.from({ length: count }, (_, i) => ({
    assetId,
    sensorId: i % 2 === 0 ? `${assetId}-vib` : `${assetId}-temp`,
    ts: T0 + i * 250,
    value: i % 7 === 3 ? null : Math.sin(i) * 1e3 + i / 3,
    quality: i % 11 === 0 ? 'UNCERTAIN' : 'GOOD',
    unit: i % 2 === 0 ? 'mm/s' : '°C',
  }));
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;
const sortLikeWriter = (rows: ArchiveRow[]): ArchiveRow[] =>
  [...rows].sort((a, b) => (a.sensorId < b.sensorId ? -1 : a.sensorId > b.sensorId ? 1 : a.ts - b.ts));

async function readBack(bytes: Uint8Array): Promise<ArchiveRow[]> {
  // hyparquet typing gives loosely-typed row records; each field is checked by the equality below.
  const rows = (await parquetReadObjects({ file: toArrayBuffer(bytes) })) as Record<string, any>[];
  return rows.map((r) => ({
    assetId: r.asset_id,
    sensorId: r.sensor_id,
    ts: (r.ts as Date).getTime(),
    value: r.value,
    quality: r.quality,
    unit: r.unit,
  }));
}

describe('ReadingsParquetWriter', () => {
  it('round-trips every value, nulls included, sorted by sensor then time', async () => {
    const rows = readings(5_000);
    const bytes = writeReadingsParquet(rows);
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('PAR1');
    const back = await readBack(bytes);
    expect(back).toEqual(sortLikeWriter(rows));
    expect(back.filter((r) => r.value === null).length).toBe(rows.filter((r) => r.value === null).length);
  });

  it('declares ts as a UTC millisecond timestamp and value as a nullable double', () => {
    const metadata = parquetMetadata(toArrayBuffer(writeReadingsParquet(readings(10))));
    const byName = Object.fromEntries(metadata.schema.map((e) => [e.name, e]));
    expect(byName.ts).toMatchObject({
      type: 'INT64',
      repetition_type: 'REQUIRED',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    expect(byName.value).toMatchObject({ type: 'DOUBLE', repetition_type: 'OPTIONAL' });
    for (const name of ['asset_id', 'sensor_id', 'quality', 'unit']) {
      expect(byName[name]).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' });
    }
    const chunks = metadata.row_groups[0]?.columns.map((c) => c.meta_data);
    expect(chunks?.every((c) => c?.codec === 'SNAPPY')).toBe(true);
    expect(chunks?.[2]?.encodings).toContain('DELTA_BINARY_PACKED'); // ts
    expect(chunks?.[3]?.encodings).toContain('BYTE_STREAM_SPLIT'); // value
  });

  it('splits into row groups without losing or reordering rows within a group', async () => {
    const rows = readings(2_500);
    const writer = new ReadingsParquetWriter({ rowGroupRows: 1_000, codec: 'UNCOMPRESSED' });
    for (const row of rows) writer.append(row);
    const bytes = writer.finish();
    const metadata = parquetMetadata(toArrayBuffer(bytes));
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([1_000, 1_000, 500]);
    const expected = [0, 1_000, 2_000].flatMap((start) => sortLikeWriter(rows.slice(start, start + 1_000)));
    expect(await readBack(bytes)).toEqual(expected);
  });

  it('gives the same bytes for the same rows, whatever their order within a group', () => {
    const rows = readings(3_000);
    const shuffled = [...rows].reverse();
    expect(Buffer.from(writeReadingsParquet(shuffled)).equals(Buffer.from(writeReadingsParquet(rows)))).toBe(true);
  });

  it('refuses a row that does not fit the schema', () => {
    const writer = new ReadingsParquetWriter();
    const bad = { assetId: 'P-1', sensorId: 's', ts: 1.5, value: 1, quality: 'GOOD', unit: 'bar' };
    expect(() => writer.append(bad)).toThrow(/not an archive row/);
    expect(() => writer.append({ ...bad, ts: 1, assetId: '' })).toThrow(/not an archive row/);
  });
});
