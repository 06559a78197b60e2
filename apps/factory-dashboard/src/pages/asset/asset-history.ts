import { useApi } from '../../api/use-api';

/** Entries of history an asset chart loads (the newest ones). */
export const HISTORY_LIMIT = 500;
/** How often an asset chart's history is fetched again (live messages fill in between). */
export const HISTORY_REFRESH_MS = 30_000;

/** GET `/api/v1/{resource}/{assetId}?limit=500`, fetched again every 30 s. */
export function useAssetHistory<T>(resource: 'anomalies' | 'rul', assetId: string) {
  return useApi<T>(`/api/v1/${resource}/${encodeURIComponent(assetId)}?limit=${HISTORY_LIMIT}`, HISTORY_REFRESH_MS);
}
