import { AppError } from '@vigie/service-kit';
import { fitBaseline, scoreWindow, type SensorBaseline } from '../domain/baseline';

export interface FeatureWindow {
  assetId: string;
  sensorId: string;
  windowEnd: string;
  features: Record<string, number>;
}

/** Where training reads stored windows: the feature-extraction service's REST API (services talk over HTTP). */
export type FeatureSource = (assetId: string, windows: number, signal?: AbortSignal) => Promise<FeatureWindow[]>;

export function httpFeatureSource(featuresUrl: string): FeatureSource {
  return async (assetId, windows, signal) => {
    const url = `${featuresUrl}/api/v1/features/${encodeURIComponent(assetId)}?order=earliest&limit=${Math.min(5000, windows * 50)}`;
    const timeout = AbortSignal.timeout(10_000);
    let res: Response;
    try {
      res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new AppError('UNAVAILABLE', `feature-extraction unreachable: ${(err as Error).message}`);
    }
    if (!res.ok) throw new AppError('UNAVAILABLE', `feature-extraction answered ${res.status}`);
    return ((await res.json()) as { windows: FeatureWindow[] }).windows;
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
