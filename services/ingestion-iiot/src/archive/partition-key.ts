import { createHash } from 'node:crypto';

export const HOUR_MS = 3_600_000;
/** Part of every object name: bump it when READINGS_SCHEMA changes, and re-archived hours replace their old parts. */
export const ARCHIVE_FORMAT_VERSION = 'v1';

export function hourStartOf(ts: number): number {
  return Math.floor(ts / HOUR_MS) * HOUR_MS;
}

/**
 * Hive-style partition values are URI-encoded (`/`, `=`, `%`, spaces, non-ASCII): pyarrow's and DuckDB's hive
 * partitioning decode them back, and no asset id can add a path level or fake another partition.
 */
export function hivePartitionValue(value: string): string {
  return encodeURIComponent(value);
}

/** The part name is a function of (format, asset, hour) only, so archiving an hour again overwrites the same key. */
export function partHash(assetId: string, hourStart: number): string {
  return createHash('sha256').update(`${ARCHIVE_FORMAT_VERSION}\n${assetId}\n${hourStart}`).digest('hex').slice(0, 16);
}

/** `date=YYYY-MM-DD/asset_id=<asset>/hour=HH/part-<hash>.parquet`, dates and hours in UTC. */
export function archiveKey(assetId: string, hourStart: number): string {
  if (hourStart % HOUR_MS !== 0) throw new RangeError(`not the start of an hour: ${new Date(hourStart).toISOString()}`);
  const iso = new Date(hourStart).toISOString();
  return `${datePrefix(hourStart)}asset_id=${hivePartitionValue(assetId)}/hour=${iso.slice(11, 13)}/part-${partHash(assetId, hourStart)}.parquet`;
}

/** `date=YYYY-MM-DD/`: the listing prefix that holds every asset's parts for that UTC day. */
export function datePrefix(ts: number): string {
  return `date=${new Date(ts).toISOString().slice(0, 10)}/`;
}

const ARCHIVE_KEY = /^date=(\d{4}-\d{2}-\d{2})\/asset_id=([^/]+)\/hour=(\d{2})\/part-[0-9a-f]+\.parquet$/;

/** Reads a key this module wrote; `null` for any other object, which the archiver then leaves alone. */
export function parseArchiveKey(key: string): { date: string; assetId: string; hour: string } | null {
  const m = ARCHIVE_KEY.exec(key);
  if (!m) return null;
  try {
    return { date: m[1]!, assetId: decodeURIComponent(m[2]!), hour: m[3]! };
  } catch {
    return null; // not valid percent-encoding: not one of ours
  }
}
