import { useCallback, useEffect, useState } from 'react';
import { ApiError, api } from './client';

export interface ApiState<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Fetches again (after a change made from the page, or on a timer). */
  readonly reload: () => void;
}

/**
 * GETs `path` through the gateway when the component mounts and whenever `path` changes (null: nothing to fetch yet).
 * A newer request cancels the older one, so a fast filter change never shows stale results.
 */
export function useApi<T>(path: string | null, refreshMs?: number): ApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    api.get<T>(path, controller.signal).then(
      (body) => {
        setData(body);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, tick]);

  useEffect(() => {
    if (refreshMs === undefined || path === null) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, path, reload]);

  return { data, error, loading, reload };
}
