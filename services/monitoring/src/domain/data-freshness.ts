import type { ExtractedFeaturesPayload } from '@vigie/contracts';

/** The newest feature window of one asset in a batch, and when monitoring received it. */
export interface AssetDataSeen {
  readonly assetId: string;
  /** Epoch ms of the window's end on the plant clock (may run ahead of wall time in the demo). */
  readonly lastDataAt: number;
  /** Epoch ms of the wall clock at reception: the only time freshness is judged by. */
  readonly lastSeenAt: number;
}

/**
 * Folds a batch of feature windows to one entry per asset (the newest window end), so the read model takes one row
 * per asset per batch however many sensors and windows the batch carries.
 */
export function latestDataPerAsset(
  windows: readonly Pick<ExtractedFeaturesPayload, 'assetId' | 'windowEnd'>[],
  receivedAt: number,
): AssetDataSeen[] {
  const newest = new Map<string, number>();
  for (const w of windows) newest.set(w.assetId, Math.max(newest.get(w.assetId) ?? w.windowEnd, w.windowEnd));
  return [...newest].map(([assetId, lastDataAt]) => ({ assetId, lastDataAt, lastSeenAt: receivedAt }));
}

/**
 * True while data arrived less than `freshnessMs` ago (wall clock). A `lastSeenAt` ahead of `now` (another
 * instance's clock) still counts as fresh: the data did arrive.
 */
export function isDataFresh(lastSeenAt: number | null, now: number, freshnessMs: number): boolean {
  return lastSeenAt !== null && now - lastSeenAt <= freshnessMs;
}
