import { Histogram } from 'prom-client';
import { AnomalyDetected, TOPICS, type AnomalyDetectedPayload, type ExtractedFeaturesPayload } from '@vigie/contracts';
import type { ConsumedEvent, ServiceContext } from '@vigie/service-kit';
import { fitBaseline, scoreWindow, type BaselineModel, type Verdict } from '../domain/baseline';
import { AlarmPersistence } from '../domain/persistence';
import type { AnomalyRepository } from '../adapters/anomaly-repository';

interface Buffer {
  windows: Record<string, number>[];
  first: { partition: number; offset: string };
}

/** Points per window at which the reading-to-verdict latency is sampled (evenly across the window's readings). */
const LATENCY_POINTS = 8;

/**
 * Online scoring of feature windows. A sensor without a baseline buffers its first `baselineWindows` windows and fits
 * one (the commit is held at the first buffered window until then, so a crash replays them). Anomalies are published
 * before being stored under an id derived from the window, so a replay re-publishes the same event and never two.
 * A sensor's anomalous window is reported once `persistWindows` of them come in a row, a critical one at once
 * (domain/persistence.ts).
 */
export class ScoreWindows {
  private readonly models = new Map<string, BaselineModel>();
  private readonly buffers = new Map<string, Buffer>();
  private readonly assets = new Set<string>();
  private readonly persistence: AlarmPersistence;
  readonly latency: Histogram<never>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly repo: AnomalyRepository,
    private readonly baselineWindows: number,
    /** Called once per asset the first time this instance sees or restores it (to follow its champion). */
    private readonly onAsset: (assetId: string) => void = () => undefined,
    persistWindows = 1,
  ) {
    this.persistence = new AlarmPersistence(persistWindows);
    this.latency = new Histogram({
      name: 'vigie_reading_to_verdict_seconds',
      help: 'Time from a reading (its timestamp) to the anomaly verdict on its window',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120, 300, 600],
      registers: [ctx.metrics.registry],
    });
  }

  async restore(): Promise<void> {
    for (const m of await this.repo.activeModels()) {
      this.models.set(m.sensorId, m);
      this.see(m.assetId);
    }
  }

  /** Assets whose windows this instance has seen or has a model for. */
  knownAssets(): string[] {
    return [...this.assets];
  }

  private see(assetId: string): void {
    if (this.assets.has(assetId)) return;
    this.assets.add(assetId);
    this.onAsset(assetId);
  }

  use(model: BaselineModel): void {
    this.see(model.assetId);
    this.models.set(model.sensorId, model);
    this.buffers.delete(model.sensorId);
  }

  model(sensorId: string): BaselineModel | undefined {
    return this.models.get(sensorId);
  }

  async execute(events: readonly ConsumedEvent<ExtractedFeaturesPayload>[]): Promise<Map<number, string>> {
    const anomalies: AnomalyDetectedPayload[] = [];
    const partitions = new Set<number>();
    for (const { event, message } of events) {
      partitions.add(message.partition);
      const w = event.data;
      this.see(w.assetId);
      const model = this.models.get(w.sensorId);
      if (!model) {
        await this.buffer(w, { partition: message.partition, offset: message.offset });
        continue;
      }
      const verdict = scoreWindow(w.sensorId, w.features, model.stats);
      this.observeLatency(w);
      if (this.persistence.admit(w.sensorId, w, verdict)) anomalies.push(toAnomaly(w, verdict, model.version));
    }
    const fresh = [];
    for (const a of anomalies) if (!(await this.repo.exists(a.anomalyId))) fresh.push(a);
    await this.ctx.publish(
      TOPICS.anomaliesDetected,
      fresh.map((a) => AnomalyDetected.create({ source: 'vigie/anomaly-detection', subject: a.assetId, data: a, id: a.anomalyId })),
    );
    for (const a of fresh) await this.repo.insertEvent(a);
    const hint = new Map<number, string>();
    for (const p of partitions) {
      const held = this.holdBack(p);
      if (held !== undefined) hint.set(p, held);
    }
    return hint;
  }

  private async buffer(w: ExtractedFeaturesPayload, position: Buffer['first']): Promise<void> {
    let b = this.buffers.get(w.sensorId);
    if (!b) {
      b = { windows: [], first: position };
      this.buffers.set(w.sensorId, b);
    }
    b.windows.push(w.features);
    if (b.windows.length >= this.baselineWindows) {
      const model: BaselineModel = {
        assetId: w.assetId,
        sensorId: w.sensorId,
        version: `auto-${w.windowEnd}`,
        windows: b.windows.length,
        stats: fitBaseline(b.windows),
      };
      await this.repo.saveModel(model, 'auto');
      this.use(model);
      this.ctx.logger.info({ assetId: w.assetId, sensorId: w.sensorId, version: model.version }, 'baseline fitted');
    }
  }

  private holdBack(partition: number): string | undefined {
    let min: bigint | undefined;
    for (const b of this.buffers.values()) {
      if (b.first.partition !== partition) continue;
      const o = BigInt(b.first.offset);
      if (min === undefined || o < min) min = o;
    }
    return min?.toString();
  }

  private observeLatency(w: ExtractedFeaturesPayload): void {
    const now = Date.now();
    const points = Math.min(LATENCY_POINTS, w.sampleCount);
    for (let i = 0; i < points; i++) {
      const ts = points === 1 ? w.lastSampleTs : w.firstSampleTs + ((w.lastSampleTs - w.firstSampleTs) * i) / (points - 1);
      this.latency.observe(Math.max(0, (now - ts) / 1000));
    }
  }
}

export function toAnomaly(w: ExtractedFeaturesPayload, v: Verdict, modelVersion: string): AnomalyDetectedPayload {
  return {
    anomalyId: `an:${w.sensorId}:${w.windowStart}`,
    assetId: w.assetId,
    sensorId: w.sensorId,
    windowStart: w.windowStart,
    windowEnd: w.windowEnd,
    score: v.score,
    criticality: v.criticality,
    modelVersion,
    detectedAt: Date.now(),
    contributors: v.contributors,
  };
}
