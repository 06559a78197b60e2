import { AppError } from '@vigie/service-kit';
import { fitBaseline, type BaselineModel } from '../domain/baseline';
import type { AnomalyRepository } from '../adapters/anomaly-repository';

export interface FeatureWindow {
  assetId: string;
  sensorId: string;
  windowEnd: string;
  features: Record<string, number>;
}

/** Where training reads stored windows: the feature-extraction service's REST API (services talk over HTTP). */
export type FeatureSource = (assetId: string, windows: number) => Promise<FeatureWindow[]>;

export function httpFeatureSource(featuresUrl: string): FeatureSource {
  return async (assetId, windows) => {
    const url = `${featuresUrl}/api/v1/features/${encodeURIComponent(assetId)}?order=earliest&limit=${Math.min(5000, windows * 50)}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new AppError('UNAVAILABLE', `feature-extraction unreachable: ${(err as Error).message}`);
    }
    if (!res.ok) throw new AppError('UNAVAILABLE', `feature-extraction answered ${res.status}`);
    return ((await res.json()) as { windows: FeatureWindow[] }).windows;
  };
}

/** Fits a new baseline version per sensor of the asset from its earliest stored windows (its healthy period). */
export async function trainBaselines(
  source: FeatureSource,
  repo: AnomalyRepository,
  assetId: string,
  windows: number,
): Promise<BaselineModel[]> {
  const stored = await source(assetId, windows);
  const bySensor = new Map<string, FeatureWindow[]>();
  for (const w of stored) bySensor.set(w.sensorId, [...(bySensor.get(w.sensorId) ?? []), w]);
  const models: BaselineModel[] = [];
  for (const [sensorId, list] of bySensor) {
    const used = list.slice(0, windows);
    if (used.length < 3) continue;
    const model: BaselineModel = {
      assetId,
      sensorId,
      version: `train-${Date.now()}`,
      windows: used.length,
      stats: fitBaseline(used.map((w) => w.features)),
    };
    await repo.saveModel(model, 'train');
    models.push(model);
  }
  if (models.length === 0) throw new AppError('TRAINING_DATA_MISSING', `no stored feature windows for asset ${assetId}`);
  return models;
}
