import type { HealthCheckResult } from '../http/health';

/**
 * The feature-store port: the features of each sensor window, kept as history (offline, for training) and as the
 * latest window per sensor (online, for scoring). The embedded profile keeps both in the service's database
 * (PostgresFeatureStore, on PGlite or PostgreSQL); the distributed one can hand them to a Feast feature server
 * (FeastFeatureStore). `describeFeatureStoreContract` in @vigie/service-kit-testing holds both to the same behaviour.
 *
 * Unlike the cache port, this is a source of truth: a failure to write or read is the caller's to see (an error with a
 * stable code), never a silent miss.
 */

/** One window of one sensor. Times are epoch milliseconds (integers), as in the ExtractedFeatures event. */
export interface FeatureWindow {
  readonly assetId: string;
  readonly sensorId: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly sampleCount: number;
  /** Any names; every value a finite number. */
  readonly features: Readonly<Record<string, number>>;
}

export interface FeatureStore {
  /**
   * Writes windows, all of them to the history. Idempotent on (sensorId, windowStart): pushing the same window again
   * replaces it (a recomputed window wins). The online value of a sensor is its window with the latest windowStart,
   * whatever the order of pushes. Throws FEATURE_STORE_WINDOW_INVALID, before writing anything, for a bad window.
   */
  push(windows: readonly FeatureWindow[]): Promise<void>;
  /**
   * Online read: the latest window of each sensor asked for, keyed by sensorId (sensors never pushed are absent from
   * the map); `features` limited to `names` when given (names a window lacks are simply absent).
   */
  online(sensorIds: readonly string[], names?: readonly string[]): Promise<Map<string, FeatureWindow>>;
  /** For the health registry: `health.register('feature-store', () => store.ping())`. */
  ping(): Promise<HealthCheckResult>;
  /** Stops accepting calls (FEATURE_STORE_CLOSED afterwards). Does not close a database it was given. */
  close(): Promise<void>;
}

/**
 * The time-domain features every window carries, typed columns in the Feast feature view (the ExtractedFeatures
 * FEATURE_NAMES plus peak_to_peak). Keep in step with infra/feast/feature_repo/features.py.
 */
export const COMMON_FEATURE_NAMES = ['mean', 'std', 'rms', 'min', 'max', 'kurtosis', 'skewness', 'crest_factor', 'peak_to_peak'] as const;
