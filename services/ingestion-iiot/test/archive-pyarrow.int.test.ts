import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '@vigie/service-kit';
import { HOUR_MS, createHourlyArchiver, type ArchiveRow } from '../src/archive/index';

// Never skipped: a missing server or a missing independent reader must fail the run, not silently pass it.
const endpoint = process.env.VIGIE_TEST_S3_ENDPOINT;
const accessKeyId = process.env.VIGIE_TEST_S3_ACCESS_KEY;
const secretAccessKey = process.env.VIGIE_TEST_S3_SECRET_KEY;
if (!endpoint || !accessKeyId || !secretAccessKey) {
  throw new Error(
    'VIGIE_TEST_S3_ENDPOINT, VIGIE_TEST_S3_ACCESS_KEY and VIGIE_TEST_S3_SECRET_KEY must be set: run `infra/s3/s3.sh start` and export what it prints.',
  );
}
const python = process.env.VIGIE_PYTHON ?? 'python3';
const probe = spawnSync(python, ['-c', 'import pyarrow; print(pyarrow.__version__)'], { encoding: 'utf8' });
if (probe.status !== 0) {
  throw new Error(
    `pyarrow is needed as the independent Parquet reader: \`${python} -m pip install pyarrow\` (or set VIGIE_PYTHON). ${probe.stderr ?? probe.error?.message}`,
  );
}

// Reads each file with pyarrow alone and reports what it saw; the digest covers every value of every row
// (doubles by their IEEE-754 bits), so "equal digests" means equal files, not merely similar sums.
const READER = `
import hashlib, json, struct, sys
import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
out = []
for path in sys.argv[1:]:
    t = pq.read_table(path)
    c = {n: t.column(n).to_pylist() for n in t.column_names}
    ts = t.column('ts').cast(pa.int64()).to_pylist()
    h = hashlib.sha256()
    for i in range(t.num_rows):
        v = c['value'][i]
        bits = 'null' if v is None else struct.pack('<d', v).hex()
        h.update(f"{c['asset_id'][i]}\\t{c['sensor_id'][i]}\\t{ts[i]}\\t{bits}\\t{c['quality'][i]}\\t{c['unit'][i]}\\n".encode())
    out.append({'rows': t.num_rows, 'schema': {f.name: [str(f.type), f.nullable] for f in t.schema},
                'value_sum': pc.sum(t.column('value')).as_py(), 'ts_sum': str(sum(ts)),
                'nulls': [i for i, v in enumerate(c['value']) if v is None], 'digest': h.hexdigest()})
print(json.dumps(out))
`;

// The same files as one Hive-partitioned dataset: the key layout must decode to the same asset ids.
const DATASET_READER = `
import json, sys, pyarrow.dataset as ds
t = ds.dataset(sys.argv[1], format='parquet', partitioning='hive').to_table()
print(json.dumps({'rows': t.num_rows, 'assets': sorted(set(t.column('asset_id').to_pylist())),
                  'dates': sorted(set(t.column('date').to_pylist())), 'hours': sorted(set(t.column('hour').to_pylist()))}))
`;

interface PyarrowView {
  rows: number;
  schema: Record<string, [string, boolean]>;
  value_sum: number;
  ts_sum: string;
  nulls: number[];
  digest: string;
}

function digestOf(rows: readonly ArchiveRow[]): string {
  const h = createHash('sha256');
  const bits = Buffer.alloc(8);
  for (const r of rows) {
    if (r.value !== null) bits.writeDoubleLE(r.value);
    h.update(`${r.assetId}\t${r.sensorId}\t${r.ts}\t${r.value === null ? 'null' : bits.toString('hex')}\t${r.quality}\t${r.unit}\n`);
  }
  return h.digest('hex');
}

const H = Date.UTC(2024, 5, 30, 23); // the last hour of a month, to catch date arithmetic slips
const assets = ['PUMP-01', 'MOTOR-02', 'Fan/03 é'];
const rows: ArchiveRow[] = [];
for (const [a, assetId] of assets.entries()) {
  for (let i = 0; i < 7_200; i++) {
    const sensor = i % 2 === 0 ? 'vib' : 'temp';
    const value = (i + a) % 13 === 0 ? null : i % 97 === 0 ? -0 : Math.cos(i / 50) * 10 ** (i % 5) + a;
    rows.push({
      assetId,
      sensorId: `${assetId}.${sensor}`,
      ts: H + i * 500,
      value,
      quality: i % 31 === 0 ? 'BAD' : 'GOOD',
      unit: sensor === 'vib' ? 'mm/s' : '°C',
    });
  }
}
const bySensorThenTs = (x: ArchiveRow, y: ArchiveRow): number => (x.sensorId < y.sensorId ? -1 : x.sensorId > y.sensorId ? 1 : x.ts - y.ts);

describe('archive read by an independent reader (pyarrow) from a real S3 server', () => {
  const store = S3ObjectStore.fromConfig({ endpoint, accessKeyId, secretAccessKey, region: 'us-east-1', forcePathStyle: true });
  let dir: string;
  afterAll(async () => {
    await store.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives pyarrow the same rows, values, nulls and types the archiver was given', async () => {
    const bucket = `raw-sensor-data-${randomBytes(3).toString('hex')}`; // the production bucket, made unique per run
    const archiver = createHourlyArchiver({ store, bucket, source: () => rows, now: () => H + HOUR_MS });
    const result = await archiver.archiveHour(H);
    expect(result.objects).toHaveLength(3);
    expect(result.objects[0]?.key).toMatch(/^date=2024-06-30\/asset_id=[^/]+\/hour=23\/part-[0-9a-f]{16}\.parquet$/);

    dir = await mkdtemp(join(tmpdir(), 'vigie-pyarrow-'));
    const files: string[] = [];
    for (const object of result.objects) {
      const file = join(dir, ...object.key.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, await store.get(bucket, object.key)); // fetched back from S3, not from memory
      files.push(file);
    }
    const run = spawnSync(python, ['-c', READER, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    const views = JSON.parse(run.stdout) as PyarrowView[];

    result.objects.forEach((object, i) => {
      const expected = rows.filter((r) => r.assetId === object.assetId).sort(bySensorThenTs);
      const view = views[i]!;
      expect(view.rows).toBe(expected.length);
      expect(view.schema).toEqual({
        asset_id: ['string', false],
        sensor_id: ['string', false],
        ts: ['timestamp[ms, tz=UTC]', false],
        value: ['double', true],
        quality: ['string', false],
        unit: ['string', false],
      });
      expect(view.nulls).toEqual(expected.flatMap((r, j) => (r.value === null ? [j] : [])));
      const sum = expected.reduce((s, r) => s + (r.value ?? 0), 0);
      expect(Math.abs(view.value_sum - sum)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum)));
      expect(view.ts_sum).toBe(String(expected.reduce((s, r) => s + BigInt(r.ts), 0n)));
      expect(view.digest).toBe(digestOf(expected));
    });

    const dataset = spawnSync(python, ['-c', DATASET_READER, dir], { encoding: 'utf8' });
    expect(dataset.stderr).toBe('');
    expect(JSON.parse(dataset.stdout)).toEqual({ rows: rows.length, assets: [...assets].sort(), dates: ['2024-06-30'], hours: [23] });
  });
});
