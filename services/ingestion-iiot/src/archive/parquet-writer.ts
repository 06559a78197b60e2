import { ByteWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';

/** One reading as archived; `ts` is epoch milliseconds (UTC), `value` null when the sample is missing or bad. */
export interface ArchiveRow {
  readonly assetId: string;
  readonly sensorId: string;
  readonly ts: number;
  readonly value: number | null;
  readonly quality: string;
  readonly unit: string;
}

const text = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
  repetition_type: 'REQUIRED',
});

/**
 * The archive's Parquet schema. `ts` carries both the legacy converted type and the logical type with
 * isAdjustedToUTC, so old and new readers alike (pyarrow, DuckDB, Spark) see `timestamp[ms, UTC]`.
 */
export const READINGS_SCHEMA: readonly SchemaElement[] = [
  { name: 'root', num_children: 6 },
  text('asset_id'),
  text('sensor_id'),
  {
    name: 'ts',
    type: 'INT64',
    converted_type: 'TIMESTAMP_MILLIS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    repetition_type: 'REQUIRED',
  },
  { name: 'value', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  text('quality'),
  text('unit'),
];

export interface ReadingsParquetOptions {
  /** Rows buffered before they are sorted and encoded as one row group. Default 100,000 (~5 MB of buffers). */
  readonly rowGroupRows?: number;
  /** SNAPPY (default) or UNCOMPRESSED: the two codecs every Parquet reader ships with. */
  readonly codec?: 'SNAPPY' | 'UNCOMPRESSED';
  /** Extra key/value metadata in the file footer. */
  readonly kvMetadata?: readonly { key: string; value: string }[];
}

interface Columns {
  asset_id: string[];
  sensor_id: string[];
  ts: number[];
  value: (number | null)[];
  quality: string[];
  unit: string[];
}
const emptyColumns = (): Columns => ({ asset_id: [], sensor_id: [], ts: [], value: [], quality: [], unit: [] });

/**
 * Sorted timestamps delta-encode to almost nothing and split doubles compress better (1 M readings: 12.0 →
 * 5.5 bytes per row, and faster to write). Both encodings are in the Parquet spec and read by pyarrow, DuckDB,
 * Spark (parquet-mr 1.12+) and hyparquet. The string columns keep the writer's dictionary encoding.
 */
const ENCODINGS: Partial<Record<keyof Columns, { encoding: 'DELTA_BINARY_PACKED' | 'BYTE_STREAM_SPLIT' }>> = {
  ts: { encoding: 'DELTA_BINARY_PACKED' },
  value: { encoding: 'BYTE_STREAM_SPLIT' },
};

function assertRow(row: ArchiveRow): void {
  const ok =
    typeof row.assetId === 'string' &&
    row.assetId !== '' &&
    typeof row.sensorId === 'string' &&
    row.sensorId !== '' &&
    Number.isSafeInteger(row.ts) &&
    (row.value === null || typeof row.value === 'number') &&
    typeof row.quality === 'string' &&
    typeof row.unit === 'string';
  if (!ok) throw new TypeError(`not an archive row: ${JSON.stringify(row)}`);
}

/**
 * Writes readings to an in-memory Parquet file, one row group at a time, so memory holds at most one group of
 * raw rows plus the compressed output. Each group is sorted by (sensor_id, ts): the same rows in the same
 * arrival order always give the same bytes, and sorted columns compress and filter better.
 */
export class ReadingsParquetWriter {
  readonly #bytes = new ByteWriter();
  readonly #parquet: ParquetWriter;
  readonly #rowGroupRows: number;
  #buffer = emptyColumns();
  #rows = 0;

  constructor(options: ReadingsParquetOptions = {}) {
    this.#rowGroupRows = options.rowGroupRows ?? 100_000;
    this.#parquet = new ParquetWriter({
      writer: this.#bytes,
      schema: [...READINGS_SCHEMA],
      codec: options.codec ?? 'SNAPPY',
      kvMetadata: options.kvMetadata?.map((kv) => ({ ...kv })),
      createdBy: 'vigie ingestion-iiot archive (hyparquet-writer)',
    });
  }

  get rowCount(): number {
    return this.#rows;
  }

  append(row: ArchiveRow): void {
    assertRow(row);
    const b = this.#buffer;
    b.asset_id.push(row.assetId);
    b.sensor_id.push(row.sensorId);
    b.ts.push(row.ts);
    b.value.push(row.value);
    b.quality.push(row.quality);
    b.unit.push(row.unit);
    this.#rows += 1;
    if (b.ts.length >= this.#rowGroupRows) this.#flush();
  }

  /** Ends the file and returns its bytes; the writer cannot be used afterwards. */
  finish(): Uint8Array {
    this.#flush();
    void this.#parquet.finish(); // synchronous with a ByteWriter, which has no async flush()
    return this.#bytes.getBytes();
  }

  #flush(): void {
    const b = this.#buffer;
    if (b.ts.length === 0) return;
    this.#buffer = emptyColumns();
    const order = Array.from(b.ts.keys()).sort((i, j) => {
      const si = b.sensor_id[i]!;
      const sj = b.sensor_id[j]!;
      return si < sj ? -1 : si > sj ? 1 : b.ts[i]! - b.ts[j]! || i - j;
    });
    const pick = (column: readonly unknown[]): unknown[] => order.map((i) => column[i]);
    void this.#parquet.write({
      columnData: (Object.keys(b) as (keyof Columns)[]).map((name) => ({ name, data: pick(b[name]), ...ENCODINGS[name] })),
      rowGroupSize: order.length,
    });
  }
}

/** Writes all `rows` as one Parquet file. */
export function writeReadingsParquet(rows: Iterable<ArchiveRow>, options?: ReadingsParquetOptions): Uint8Array {
  const writer = new ReadingsParquetWriter(options);
  for (const row of rows) writer.append(row);
  return writer.finish();
}
