import type { ObjectStore } from '@vigie/service-kit';
import { ARCHIVE_FORMAT_VERSION, HOUR_MS, archiveKey, datePrefix, hourStartOf, parseArchiveKey } from './partition-key';
import { ReadingsParquetWriter, type ArchiveRow, type ReadingsParquetOptions } from './parquet-writer';

/** Readings with from <= ts < to (epoch ms). Any order; the same rows in the same order give the same files. */
export type ArchiveSource = (from: number, to: number) => AsyncIterable<ArchiveRow> | Iterable<ArchiveRow> | Promise<Iterable<ArchiveRow>>;

export interface HourlyArchiverOptions {
  readonly store: ObjectStore;
  /** Default `raw-sensor-data`, the seed's bucket. */
  readonly bucket?: string;
  readonly source: ArchiveSource;
  /** Wall clock, for "complete hour"; tests pass a fixed one. */
  readonly now?: () => number;
  readonly parquet?: ReadingsParquetOptions;
  /** Objects uploaded at once. Default 4. */
  readonly uploadConcurrency?: number;
}

export interface ArchivedObject {
  readonly key: string;
  readonly assetId: string;
  readonly rows: number;
  readonly bytes: number;
  readonly etag: string;
  readonly firstTs: number;
  readonly lastTs: number;
}

/** What one run archived: the record the service persists to know which hours are done. */
export interface ArchivedHour {
  readonly bucket: string;
  readonly hourStart: number;
  readonly hourEnd: number;
  readonly rows: number;
  readonly objects: readonly ArchivedObject[];
  /** Parts of this hour left by an earlier run for assets that no longer have rows in it. */
  readonly removedKeys: readonly string[];
}

export interface HourlyArchiver {
  /** Archives the hour starting at `hourStart`; refuses an hour that has not ended. Safe to repeat. */
  archiveHour(hourStart: number): Promise<ArchivedHour>;
  /** Archives every complete hour from the one containing `from` up to `to` (default: now), oldest first. */
  archiveCompleteHours(from: number, to?: number): Promise<ArchivedHour[]>;
}

interface AssetPart {
  writer: ReadingsParquetWriter;
  firstTs: number;
  lastTs: number;
}

/** Arrays and other sync iterables are walked without a promise per row: hours can hold millions of readings. */
async function forEachRow(rows: ReturnType<ArchiveSource>, visit: (row: ArchiveRow) => void): Promise<void> {
  const resolved = await rows;
  if (Symbol.asyncIterator in resolved) for await (const row of resolved) visit(row);
  else for (const row of resolved) visit(row);
}

async function inBatches<T, R>(items: readonly T[], size: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(task))));
  return out;
}

/**
 * Rolls raw readings into Parquet, one object per (hour, asset), Hive-partitioned by date and asset. Re-running
 * an hour rewrites the same keys and removes parts of assets that have no rows any more, so after any run the
 * hour's objects hold exactly what the source returned.
 */
export function createHourlyArchiver(options: HourlyArchiverOptions): HourlyArchiver {
  const { store, source } = options;
  const bucket = options.bucket ?? 'raw-sensor-data';
  const now = options.now ?? Date.now;
  let bucketReady: Promise<void> | undefined;

  async function collect(hourStart: number, hourEnd: number): Promise<Map<string, AssetPart>> {
    const parts = new Map<string, AssetPart>();
    const hour = new Date(hourStart).toISOString();
    await forEachRow(source(hourStart, hourEnd), (row) => {
      // A row outside the hour would land in the wrong partition and be archived twice: fail loudly instead.
      if (!(row.ts >= hourStart && row.ts < hourEnd)) throw new RangeError(`source returned ts ${row.ts} outside the hour ${hour}`);
      let part = parts.get(row.assetId);
      if (!part) {
        const kvMetadata = [
          { key: 'vigie.archive', value: JSON.stringify({ format: ARCHIVE_FORMAT_VERSION, assetId: row.assetId, hourStart: hour }) },
        ];
        part = { writer: new ReadingsParquetWriter({ ...options.parquet, kvMetadata }), firstTs: row.ts, lastTs: row.ts };
        parts.set(row.assetId, part);
      }
      part.writer.append(row);
      part.firstTs = Math.min(part.firstTs, row.ts);
      part.lastTs = Math.max(part.lastTs, row.ts);
    });
    return parts;
  }

  async function upload(hourStart: number, assetId: string, part: AssetPart): Promise<ArchivedObject> {
    const key = archiveKey(assetId, hourStart);
    const body = part.writer.finish();
    const metadata = {
      format: ARCHIVE_FORMAT_VERSION,
      'hour-start': new Date(hourStart).toISOString(),
      rows: String(part.writer.rowCount),
    };
    const { etag } = await store.put(bucket, key, body, { contentType: 'application/vnd.apache.parquet', metadata });
    return { key, assetId, rows: part.writer.rowCount, bytes: body.byteLength, etag, firstTs: part.firstTs, lastTs: part.lastTs };
  }

  async function removeStale(hourStart: number, kept: ReadonlySet<string>): Promise<string[]> {
    const hour = new Date(hourStart).toISOString().slice(11, 13);
    const stale: string[] = [];
    for await (const { key } of store.list(bucket, datePrefix(hourStart))) {
      if (parseArchiveKey(key)?.hour === hour && !kept.has(key)) stale.push(key);
    }
    await inBatches(stale, options.uploadConcurrency ?? 4, (key) => store.delete(bucket, key));
    return stale;
  }

  async function archiveHour(hourStart: number): Promise<ArchivedHour> {
    if (hourStart % HOUR_MS !== 0) throw new RangeError(`not the start of an hour: ${hourStart}`);
    const hourEnd = hourStart + HOUR_MS;
    if (hourEnd > now()) throw new RangeError(`the hour ${new Date(hourStart).toISOString()} has not ended yet`);
    bucketReady ??= store.ensureBucket(bucket).catch((error: unknown) => {
      bucketReady = undefined; // let the next run try again
      throw error;
    });
    await bucketReady;
    const parts = await collect(hourStart, hourEnd);
    const assets = [...parts.keys()].sort();
    const objects = await inBatches(assets, options.uploadConcurrency ?? 4, (assetId) => upload(hourStart, assetId, parts.get(assetId)!));
    // Written first, removed after: a reader never finds the hour emptier than both the old and the new run.
    const removedKeys = await removeStale(hourStart, new Set(objects.map((o) => o.key)));
    return { bucket, hourStart, hourEnd, rows: objects.reduce((n, o) => n + o.rows, 0), objects, removedKeys };
  }

  async function archiveCompleteHours(from: number, to: number = now()): Promise<ArchivedHour[]> {
    const end = Math.min(hourStartOf(to), hourStartOf(now()));
    const done: ArchivedHour[] = [];
    for (let hour = hourStartOf(from); hour < end; hour += HOUR_MS) done.push(await archiveHour(hour));
    return done;
  }

  return { archiveHour, archiveCompleteHours };
}
