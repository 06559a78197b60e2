/** What one model reads online: its columns (`<sensor kind>.<feature>`), the window length, and rows per prediction. */
export interface RowSpec {
  readonly columns: readonly string[];
  readonly windowMs: number;
  /** Consecutive rows (windows) one prediction reads. */
  readonly length: number;
}

/** The last `length` consecutive complete rows, oldest first, ending at window end `end`. */
export interface RowHistory {
  end: number;
  rows: number[][];
}

/**
 * Most rows waiting for a column: a sensor's windows may run ahead of another's by a whole delivery batch (an hour of
 * plant time when replaying); beyond this the oldest is dropped (a sensor that went silent).
 */
const MAX_PARTIAL_ROWS = 512;

export const sameSpec = (a: RowSpec, b: RowSpec): boolean =>
  a.windowMs === b.windowMs &&
  a.length === b.length &&
  a.columns.length === b.columns.length &&
  a.columns.every((c, i) => c === b.columns[i]);

/**
 * One asset's rows for one model, assembled from extracted-features windows (one event per sensor per window). A row
 * (window end) is complete when every column has arrived; then, if the last `length` complete rows are consecutive
 * windows, they are the history the model predicts from. Memory is bounded: `length` complete rows and at most
 * MAX_PARTIAL_ROWS partial ones. Windows of another length than the spec's are ignored; a row at or before the
 * newest complete one (a replay, a late sensor) completes nothing.
 */
export class AssetRows {
  private readonly partial = new Map<number, Map<string, number>>();
  private complete: { end: number; values: number[] }[] = [];

  constructor(readonly spec: RowSpec) {}

  /** Newest complete window end, if any. */
  get newest(): number | undefined {
    return this.complete[this.complete.length - 1]?.end;
  }

  add(kind: string, windowStart: number, windowEnd: number, features: Readonly<Record<string, number>>): RowHistory | null {
    const { columns, windowMs, length } = this.spec;
    if (windowEnd - windowStart !== windowMs) return null;
    const newest = this.newest;
    if (newest !== undefined && windowEnd <= newest) return null;
    let row = this.partial.get(windowEnd);
    for (const column of columns) {
      const dot = column.indexOf('.');
      if (column.slice(0, dot) !== kind) continue;
      const value = features[column.slice(dot + 1)];
      if (value === undefined || !Number.isFinite(value)) continue;
      if (!row) this.partial.set(windowEnd, (row = new Map()));
      row.set(column, value);
    }
    if (!row || row.size < columns.length) {
      this.prune();
      return null;
    }
    this.partial.delete(windowEnd);
    this.complete.push({ end: windowEnd, values: columns.map((c) => row.get(c)!) });
    if (this.complete.length > length) this.complete.splice(0, this.complete.length - length);
    for (const end of this.partial.keys()) if (end < windowEnd) this.partial.delete(end);
    if (this.complete.length < length) return null;
    for (let i = 1; i < length; i++) if (this.complete[i]!.end - this.complete[i - 1]!.end !== windowMs) return null;
    return { end: windowEnd, rows: this.complete.map((r) => r.values) };
  }

  private prune(): void {
    if (this.partial.size <= MAX_PARTIAL_ROWS) return;
    const oldest = Math.min(...this.partial.keys());
    this.partial.delete(oldest);
  }
}
