import { RulPrediction, TOPICS, type ExtractedFeaturesPayload, type RulPredictionPayload } from '@vigie/contracts';
import type { ConsumedEvent, ServiceContext } from '@vigie/service-kit';
import { baselineOf, trendRul, type TrendParams, type TrendPoint } from '../domain/trend-rul';
import type { RulRepository } from '../adapters/rul-repository';
import type { ServeTrainedRul } from './serve-trained-rul';

interface SensorState {
  assetId: string;
  unit: string;
  first: number[];
  recent: TrendPoint[];
}

export interface PredictorSettings extends TrendParams {
  /** Units whose sensors carry the degradation signal, with their failure limits. */
  limits: Readonly<Record<string, number>>;
  baselineWindows: number;
  trendWindows: number;
  modelVersion: string;
}

/**
 * Online RUL: each window of a degradation sensor (a unit with a failure limit) adds a point to
 * `rul_training_data`; the sensor's trend is re-fitted and, when it is significantly degrading, a prediction is
 * published (id = asset + window end, so a replay re-publishes the same prediction) and stored. An asset covered by a
 * trained champion (`trained`, simulator sources) is predicted by it instead: the trend keeps its state, its
 * predictions for that asset are dropped.
 */
export class PredictRul {
  private readonly sensors = new Map<string, SensorState>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: RulRepository,
    readonly settings: PredictorSettings,
    private readonly trained?: ServeTrainedRul,
  ) {}

  async restore(): Promise<void> {
    const histories = await this.repo.sensorHistories(this.settings.baselineWindows, this.settings.trendWindows);
    for (const [sensorId, h] of histories) this.sensors.set(sensorId, { ...h });
  }

  async execute(events: readonly ConsumedEvent<ExtractedFeaturesPayload>[]): Promise<void> {
    const predictions: RulPredictionPayload[] = [];
    await this.trained?.refresh();
    for (const { event } of events) {
      const p = await this.addWindow(event.data);
      const served = this.trained?.covering(event.data.assetId);
      const q = served ? this.trained!.add(served, event.data) : p;
      if (q) predictions.push(q);
    }
    const fresh = [];
    for (const p of predictions) if (!(await this.repo.exists(p.predictionId))) fresh.push(p);
    await this.ctx.publish(
      TOPICS.rulPredictions,
      fresh.map((p) => RulPrediction.create({ source: 'vigie/rul-prediction', subject: p.assetId, data: p, id: p.predictionId })),
    );
    for (const p of fresh) await this.repo.insertPrediction(p);
  }

  /** The current prediction of an asset from its stored trend, or null when it is not degrading. */
  current(assetId: string): RulPredictionPayload | null {
    let worst: RulPredictionPayload | null = null;
    for (const [, s] of this.sensors) {
      if (s.assetId !== assetId) continue;
      const last = s.recent[s.recent.length - 1];
      const p = last ? this.predict(s, last.ts) : null;
      if (p && (!worst || p.rul < worst.rul)) worst = p;
    }
    return worst;
  }

  private async addWindow(w: ExtractedFeaturesPayload): Promise<RulPredictionPayload | null> {
    const rms = w.features.rms;
    if (this.settings.limits[w.unit] === undefined || rms === undefined) return null;
    await this.repo.addPoint({ assetId: w.assetId, sensorId: w.sensorId, unit: w.unit, ts: w.windowEnd, value: rms });
    let s = this.sensors.get(w.sensorId);
    if (!s) this.sensors.set(w.sensorId, (s = { assetId: w.assetId, unit: w.unit, first: [], recent: [] }));
    const last = s.recent[s.recent.length - 1];
    if (last && w.windowEnd <= last.ts) return null; // replayed or late window: already in the trend
    if (s.first.length < this.settings.baselineWindows) s.first.push(rms);
    s.recent.push({ ts: w.windowEnd, value: rms });
    if (s.recent.length > this.settings.trendWindows) s.recent.shift();
    return this.predict(s, w.windowEnd);
  }

  private predict(s: SensorState, asOf: number): RulPredictionPayload | null {
    if (s.first.length < this.settings.baselineWindows) return null;
    const limit = this.settings.limits[s.unit];
    if (limit === undefined) return null;
    const r = trendRul(s.recent, baselineOf(s.first), { ...this.settings, failureLimit: limit });
    if (!r) return null;
    return {
      predictionId: `rul:${s.assetId}:${asOf}`,
      assetId: s.assetId,
      predictedAt: Date.now(),
      asOf,
      rul: r.rulHours,
      lower: r.lowerHours,
      upper: r.upperHours,
      level: this.settings.level,
      unit: 'h',
      healthIndex: r.healthIndex,
      modelVersion: this.settings.modelVersion,
    };
  }
}
