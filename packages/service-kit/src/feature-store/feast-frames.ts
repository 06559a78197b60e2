import { FeatureStoreError } from './errors';
import { COMMON_FEATURE_NAMES, type FeatureWindow } from './feature-store';

/** The columns the adapter reads back: the window's identity and times, and the whole feature map. */
export const ONLINE_COLUMNS: readonly string[] = ['asset_id', 'window_start', 'window_end', 'sample_count', 'features_json'];

/**
 * The columnar `df` of a `POST /push`, exactly the columns of the feature repository's batch source (the file offline
 * store refuses any other set): the entity key, the event timestamp (the window's start), a created timestamp (so
 * Feast's point-in-time joins prefer the last push of a re-pushed window), the typed columns (null where a window lacks
 * a common feature) and `features_json`.
 */
export function pushFrame(windows: readonly FeatureWindow[], entityKey: string, created: Date): Record<string, unknown[]> {
  const createdIso = created.toISOString();
  const frame: Record<string, unknown[]> = {
    [entityKey]: windows.map((w) => w.sensorId),
    event_timestamp: windows.map((w) => new Date(w.windowStart).toISOString()),
    created: windows.map(() => createdIso),
    asset_id: windows.map((w) => w.assetId),
    window_start: windows.map((w) => w.windowStart),
    window_end: windows.map((w) => w.windowEnd),
    sample_count: windows.map((w) => w.sampleCount),
  };
  for (const name of COMMON_FEATURE_NAMES) {
    frame[name] = windows.map((w) => (Object.hasOwn(w.features, name) ? w.features[name] : null));
  }
  frame.features_json = windows.map((w) => JSON.stringify(w.features));
  return frame;
}

interface OnlineResponse {
  readonly metadata: { readonly feature_names: readonly string[] };
  readonly results: readonly { readonly values: readonly unknown[]; readonly statuses?: readonly string[] }[];
}

/**
 * The values of `columns` in a `POST /get-online-features` answer for `sensorIds` (in request order), for the sensors
 * Feast has: it answers a row for every entity asked for, and a sensor never pushed has status NOT_FOUND and null
 * values. Columns are found by name in `metadata.feature_names`: Feast does not keep the request order.
 */
export function readOnlineRows(body: unknown, sensorIds: readonly string[], columns: readonly string[]): Map<string, Map<string, unknown>> {
  const response = asOnlineResponse(body);
  const results = columns.map((name) => {
    const index = response.metadata.feature_names.indexOf(name);
    const result = index < 0 ? undefined : response.results[index];
    if (result === undefined || result.values.length !== sensorIds.length) invalid(`no column ${name} with ${sensorIds.length} values`);
    return result;
  });
  const rows = new Map<string, Map<string, unknown>>();
  sensorIds.forEach((sensorId, i) => {
    // Every column of a pushed row is written together, so the first one tells whether the sensor is there.
    const first = results[0];
    const present = first !== undefined && first.values[i] !== null && (first.statuses === undefined || first.statuses[i] === 'PRESENT');
    if (present) rows.set(sensorId, new Map(columns.map((name, c) => [name, results[c]?.values[i]])));
  });
  return rows;
}

/** The stored window_start of each sensor found (the answer to a read of that one column). */
export function readOnlineStarts(body: unknown, sensorIds: readonly string[]): Map<string, number> {
  const rows = readOnlineRows(body, sensorIds, ['window_start']);
  return new Map([...rows].map(([sensorId, row]) => [sensorId, expect(row.get('window_start'), 'number', sensorId, 'window_start')]));
}

/** The windows found (the answer to a read of ONLINE_COLUMNS). */
export function readOnlineWindows(body: unknown, sensorIds: readonly string[]): Map<string, FeatureWindow> {
  const rows = readOnlineRows(body, sensorIds, ONLINE_COLUMNS);
  const windows = new Map<string, FeatureWindow>();
  for (const [sensorId, row] of rows) {
    windows.set(sensorId, {
      assetId: expect(row.get('asset_id'), 'string', sensorId, 'asset_id'),
      sensorId,
      windowStart: expect(row.get('window_start'), 'number', sensorId, 'window_start'),
      windowEnd: expect(row.get('window_end'), 'number', sensorId, 'window_end'),
      sampleCount: expect(row.get('sample_count'), 'number', sensorId, 'sample_count'),
      features: parseFeatures(expect(row.get('features_json'), 'string', sensorId, 'features_json'), sensorId),
    });
  }
  return windows;
}

function asOnlineResponse(body: unknown): OnlineResponse {
  const candidate = body as Partial<OnlineResponse> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !Array.isArray(candidate.metadata?.feature_names) ||
    !Array.isArray(candidate.results) ||
    !candidate.results.every((r) => typeof r === 'object' && r !== null && Array.isArray(r.values))
  ) {
    invalid('not a get-online-features answer');
  }
  return candidate as OnlineResponse;
}

function expect<T extends 'string' | 'number'>(
  value: unknown,
  type: T,
  sensorId: string,
  field: string,
): T extends 'string' ? string : number {
  if (typeof value !== type) invalid(`${field} of ${sensorId} is ${JSON.stringify(value)}, not a ${type}`);
  return value as T extends 'string' ? string : number;
}

function parseFeatures(json: string, sensorId: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    invalid(`features_json of ${sensorId} is not JSON`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'number')
  ) {
    invalid(`features_json of ${sensorId} is not an object of numbers`);
  }
  return parsed as Record<string, number>;
}

function invalid(reason: string): never {
  throw new FeatureStoreError('FEATURE_STORE_RESPONSE_INVALID', { reason });
}
