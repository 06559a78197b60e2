import { MlError } from '@vigie/ml';
import { AppError, fetchWithToken, type TokenProvider } from '@vigie/service-kit';
import { AssetModel, MIN_ASSET_VECTORS, assembleVectors } from '../domain/asset-model';
import { fitBaseline, scoreWindow, type SensorBaseline } from '../domain/baseline';

export interface FeatureWindow {
  assetId: string;
  sensorId: string;
  windowEnd: string;
  features: Record<string, number>;
}

/** The training period of a job: windows ending within [from, to] (ISO 8601), either end open. */
export interface TrainingPeriod {
  from?: string | undefined;
  to?: string | undefined;
}

/** Where training reads stored windows: the feature-extraction service's REST API (services talk over HTTP). */
export type FeatureSource = (assetId: string, windows: number, signal?: AbortSignal, period?: TrainingPeriod) => Promise<FeatureWindow[]>;

/** Stored windows read per sensor window asked for (an asset has up to ~8 sensors, some sliding by half a window). */
const ROWS_PER_WINDOW = 20;
const PAGE = 5000;

/**
 * Reads the earliest windows of the period, page by page, up to `windows` × ROWS_PER_WINDOW rows, with this service's
 * own token when authentication is on (`tokenProvider`: its client credentials; a 401 renews the token once).
 */
export function httpFeatureSource(featuresUrl: string, tokenProvider: TokenProvider | null = null): FeatureSource {
  return async (assetId, windows, signal, period = {}) => {
    const wanted = windows * ROWS_PER_WINDOW;
    const out: FeatureWindow[] = [];
    let cursor: string | undefined;
    do {
      const q = new URLSearchParams({ order: 'earliest', limit: String(Math.min(PAGE, wanted - out.length)) });
      if (period.from) q.set('from', period.from);
      if (period.to) q.set('to', period.to);
      if (cursor) q.set('cursor', cursor);
      const timeout = AbortSignal.timeout(10_000);
      let res: Response;
      try {
        res = await fetchWithToken(tokenProvider, `${featuresUrl}/api/v1/features/${encodeURIComponent(assetId)}?${q}`, {
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (err) {
        if (signal?.aborted || err instanceof AppError) throw err; // AppError: this service's own token could not be had
        throw new AppError('UNAVAILABLE', `feature-extraction unreachable: ${(err as Error).message}`);
      }
      if (!res.ok) throw new AppError('UNAVAILABLE', `feature-extraction answered ${res.status}`);
      const page = (await res.json()) as { windows: FeatureWindow[]; nextCursor?: string };
      out.push(...page.windows);
      cursor = page.nextCursor;
    } while (cursor !== undefined && out.length < wanted);
    return out;
  };
}

/** One sensor's fitted baseline and how it did on the windows held out of the fit. */
export interface SensorFit {
  sensorId: string;
  /** Windows the baseline was fitted on. */
  windows: number;
  stats: SensorBaseline;
  heldOut: number;
  /** Held-out windows the baseline scores as anomalous. */
  flagged: number;
}

/** Share of the `windows` requested per sensor held out of the fit, to measure false alarms on healthy data. */
export const HOLDOUT_FRACTION = 0.2;

/**
 * Splits a sensor's earliest windows (its healthy period) into a fit part and the held-out rest (the last fifth, at
 * least one window), fits the robust baseline on the first and counts false alarms on the second. Sensors with
 * fewer than 3 windows to fit on are skipped. `onSensor` runs after each fit (progress, cancellation).
 */
export async function fitSensorBaselines(
  stored: readonly FeatureWindow[],
  windows: number,
  onSensor: (done: number, total: number) => Promise<void>,
): Promise<SensorFit[]> {
  const bySensor = new Map<string, FeatureWindow[]>();
  for (const w of stored) {
    const list = bySensor.get(w.sensorId) ?? [];
    list.push(w);
    bySensor.set(w.sensorId, list);
  }
  const fits: SensorFit[] = [];
  let done = 0;
  for (const [sensorId, list] of bySensor) {
    const used = list.slice(0, windows);
    const heldOut = Math.max(1, Math.floor(used.length * HOLDOUT_FRACTION));
    const fitPart = used.slice(0, used.length - heldOut);
    if (fitPart.length >= 3) {
      const stats = fitBaseline(fitPart.map((w) => w.features));
      const flagged = used.slice(fitPart.length).filter((w) => scoreWindow(sensorId, w.features, stats).anomalous).length;
      fits.push({ sensorId, windows: fitPart.length, stats, heldOut, flagged });
    }
    await onSensor(++done, bySensor.size);
  }
  return fits;
}

/** The validation figure of a fit: false alarms over held-out healthy windows, all sensors together (lower is better). */
export function falseAlarmRate(fits: readonly SensorFit[]): number {
  const heldOut = fits.reduce((n, f) => n + f.heldOut, 0);
  return heldOut === 0 ? 0 : fits.reduce((n, f) => n + f.flagged, 0) / heldOut;
}

/** The asset's multivariate model and how it did on the complete asset windows held out of its fit. */
export interface AssetFit {
  model: AssetModel;
  /** Complete asset windows it was fitted on. */
  windows: number;
  heldOut: number;
  /** Held-out windows at level low or above. */
  flagged: number;
}

/**
 * Fits the asset model on the first `windows` complete asset windows (the last fifth held out, as for the sensor
 * baselines); undefined when there are fewer than MIN_ASSET_VECTORS to fit on — the sensor baselines then serve alone.
 */
export function fitAssetModel(stored: readonly FeatureWindow[], windows: number): AssetFit | undefined {
  const vectors = assembleVectors(
    stored.map((w) => ({ sensorId: w.sensorId, windowEnd: Date.parse(w.windowEnd), features: w.features })),
  ).slice(0, windows);
  const heldOut = Math.max(1, Math.floor(vectors.length * HOLDOUT_FRACTION));
  const fitPart = vectors.slice(0, vectors.length - heldOut);
  if (fitPart.length < MIN_ASSET_VECTORS) return undefined;
  let model: AssetModel;
  try {
    model = AssetModel.fit(fitPart);
  } catch (error) {
    // Data an asset model cannot be fitted on (fewer than two varying features, a score tail too short for POT):
    // the sensor baselines serve alone.
    if (error instanceof MlError && error.code === 'ML_BAD_INPUT') return undefined;
    throw error;
  }
  const flagged = model.score(vectors.slice(fitPart.length).filter((v) => model.complete(v))).filter((s) => s.level >= 1).length;
  return { model, windows: fitPart.length, heldOut, flagged };
}
