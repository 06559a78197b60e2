import { FeatureStoreError } from './errors';
import type { FeatureWindow } from './feature-store';

/** Ids are sensor and asset ids (≤ 150 characters in @vigie/contracts); anything much longer is a bug. */
export const MAX_FEATURE_STORE_ID_LENGTH = 256;
export const MAX_FEATURE_NAME_LENGTH = 128;

/**
 * Throws FEATURE_STORE_WINDOW_INVALID for the first malformed window. Both adapters call it before writing anything,
 * so a batch the embedded store accepts is one Feast accepts too, and a bad batch leaves either store as it was.
 */
export function assertValidWindows(windows: unknown): asserts windows is readonly FeatureWindow[] {
  if (!Array.isArray(windows)) throw new FeatureStoreError('FEATURE_STORE_WINDOW_INVALID', { reason: 'push takes an array of windows' });
  windows.forEach((window, index) => {
    const reason = windowProblem(window);
    if (reason !== undefined) {
      const sensorId = typeof (window as FeatureWindow | null)?.sensorId === 'string' ? (window as FeatureWindow).sensorId : undefined;
      throw new FeatureStoreError('FEATURE_STORE_WINDOW_INVALID', { index, ...(sensorId === undefined ? {} : { sensorId }), ...reason });
    }
  });
}

/** Throws FEATURE_STORE_QUERY_INVALID unless `sensorIds` are ids and `names`, when given, feature names. */
export function assertValidQuery(sensorIds: unknown, names: unknown): asserts sensorIds is readonly string[] {
  if (!Array.isArray(sensorIds)) throw new FeatureStoreError('FEATURE_STORE_QUERY_INVALID', { reason: 'sensorIds must be an array' });
  const badId = sensorIds.findIndex((id) => !isId(id));
  if (badId >= 0)
    throw new FeatureStoreError('FEATURE_STORE_QUERY_INVALID', { field: `sensorIds[${badId}]`, reason: idReason(sensorIds[badId]) });
  if (names === undefined) return;
  if (!Array.isArray(names))
    throw new FeatureStoreError('FEATURE_STORE_QUERY_INVALID', { field: 'names', reason: 'names must be an array' });
  const badName = names.findIndex((name) => !isFeatureName(name));
  if (badName >= 0) {
    throw new FeatureStoreError('FEATURE_STORE_QUERY_INVALID', {
      field: `names[${badName}]`,
      reason: `not a feature name: ${JSON.stringify(names[badName])}`,
    });
  }
}

/** The window of each (sensorId, windowStart) last in `windows`: a batch repeating a window means its last version. */
export function distinctWindows(windows: readonly FeatureWindow[]): FeatureWindow[] {
  const byKey = new Map<string, FeatureWindow>();
  for (const window of windows) byKey.set(`${window.windowStart}\u0000${window.sensorId}`, window);
  return [...byKey.values()];
}

/** The window with the latest windowStart of each sensor in `windows` (on a tie, the one last in the array). */
export function latestPerSensor(windows: readonly FeatureWindow[]): Map<string, FeatureWindow> {
  const latest = new Map<string, FeatureWindow>();
  for (const window of windows) {
    const known = latest.get(window.sensorId);
    if (known === undefined || window.windowStart >= known.windowStart) latest.set(window.sensorId, window);
  }
  return latest;
}

/**
 * A fresh copy of `window`, its features limited to `names` when given. Built with `Object.fromEntries`, which
 * defines own properties: a feature called `__proto__` stays a feature instead of replacing the prototype.
 */
export function copyWindow(window: FeatureWindow, names?: readonly string[]): FeatureWindow {
  const entries = Object.entries(window.features);
  const wanted = names === undefined ? undefined : new Set(names);
  return {
    assetId: window.assetId,
    sensorId: window.sensorId,
    windowStart: window.windowStart,
    windowEnd: window.windowEnd,
    sampleCount: window.sampleCount,
    features: Object.fromEntries(wanted === undefined ? entries : entries.filter(([name]) => wanted.has(name))),
  };
}

function windowProblem(window: unknown): { field?: string; reason: string } | undefined {
  if (typeof window !== 'object' || window === null) return { reason: 'a window is an object' };
  const w = window as Record<string, unknown>;
  for (const field of ['assetId', 'sensorId'] as const) {
    if (!isId(w[field])) return { field, reason: idReason(w[field]) };
  }
  for (const field of ['windowStart', 'windowEnd', 'sampleCount'] as const) {
    const value = w[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return { field, reason: `a non-negative integer is expected, got ${String(value)}` };
    }
  }
  if ((w.windowEnd as number) < (w.windowStart as number)) return { field: 'windowEnd', reason: 'windowEnd is before windowStart' };
  const features = w.features;
  if (typeof features !== 'object' || features === null || Array.isArray(features))
    return { field: 'features', reason: 'features is an object of numbers' };
  for (const [name, value] of Object.entries(features)) {
    if (!isFeatureName(name)) return { field: 'features', reason: `not a feature name: ${JSON.stringify(name)}` };
    if (typeof value !== 'number' || !Number.isFinite(value))
      return { field: `features.${name}`, reason: `${String(value)} is not a finite number` };
  }
  return undefined;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FEATURE_STORE_ID_LENGTH && value.trim() === value;
}

function idReason(value: unknown): string {
  return typeof value === 'string'
    ? `an id is 1 to ${MAX_FEATURE_STORE_ID_LENGTH} characters without surrounding spaces, got ${JSON.stringify(value.slice(0, 40))}`
    : `an id is a string, got ${typeof value}`;
}

function isFeatureName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_FEATURE_NAME_LENGTH;
}
