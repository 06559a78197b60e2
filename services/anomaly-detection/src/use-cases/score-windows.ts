import { Histogram } from 'prom-client';
import { AnomalyDetected, TOPICS, type AnomalyDetectedPayload, type ExtractedFeaturesPayload } from '@vigie/contracts';
import type { ConsumedEvent, ServiceContext } from '@vigie/service-kit';
import { AlarmHysteresis } from '@vigie/ml';
import { criticalityOfLevel, type AssetScore } from '../domain/asset-model';
import { fitBaseline, scoreWindow, type BaselineModel, type Verdict } from '../domain/baseline';
import type { ArtifactModels, ServedAssetModel } from '../domain/baseline-artifact';
import { AlarmPersistence } from '../domain/persistence';
import type { AnomalyRepository } from '../adapters/anomaly-repository';

interface Position {
  partition: number;
  offset: string;
}

interface Buffer {
  windows: Record<string, number>[];
  first: Position;
}

/** An asset vector being assembled: the windows of its sensors that end at `windowEnd`. */
interface PendingVector {
  windowStart: number;
  windowEnd: number;
  parts: ExtractedFeaturesPayload[];
  positions: Position[];
}

/** Pending vectors kept per asset; beyond, the oldest is scored sensor by sensor (a sensor of the model went silent). */
const MAX_PENDING = 32;
/** Windows below 0.8 × the level's threshold before an active asset alarm clears. */
const CLEAR_AFTER_WINDOWS = 3;

/** Points per window at which the reading-to-verdict latency is sampled (evenly across the window's readings). */
const LATENCY_POINTS = 8;

/**
 * Online scoring of feature windows. An asset with a trained asset model (domain/asset-model.ts) is scored as a whole:
 * its sensors' windows are joined by window end into one vector, scored when complete, and the anomaly names the
 * sensor that most disagrees with the others; an active asset alarm stays raised until the score has been under
 * 0.8 × its level's threshold for CLEAR_AFTER_WINDOWS windows (AlarmHysteresis), so it does not flap. Windows in
 * between (a sensor sliding by half a window) are not vectors and are dropped; a vector that cannot complete (a sensor
 * went silent) is scored sensor by sensor once MAX_PENDING newer vectors are waiting.
 * Other sensors are scored against their robust baseline: a sensor without one buffers its first `baselineWindows`
 * windows and fits one. Buffered and pending windows hold the commit at their first offset, so a crash replays them.
 * Anomalies are published before being stored under an id derived from the window, so a replay re-publishes the same
 * event and never two. An anomalous window is reported once `persistWindows` of them come in a row (per sensor, or
 * per asset for an asset model), a critical one at once (domain/persistence.ts).
 */
export class ScoreWindows {
  private readonly models = new Map<string, BaselineModel>();
  private readonly assetModels = new Map<string, ServedAssetModel & { sensors: Set<string> }>();
  private readonly pending = new Map<string, Map<number, PendingVector>>();
  private readonly hysteresis = new Map<string, AlarmHysteresis>();
  private readonly activeAlarms = new Set<string>();
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
    for (const a of await this.repo.activeAssetModels()) this.useAssetModel(a.assetId, a);
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

  /** Puts a registered version into service: its sensor baselines, and its asset model or none (the baselines then score). */
  useVersion(models: ArtifactModels): void {
    for (const m of models.baselines) this.use(m);
    const assetId = models.asset?.assetId ?? models.baselines[0]?.assetId;
    if (assetId !== undefined) this.useAssetModel(assetId, models.asset);
  }

  private useAssetModel(assetId: string, served: ServedAssetModel | undefined): void {
    this.see(assetId);
    this.pending.delete(assetId);
    this.hysteresis.delete(assetId);
    this.activeAlarms.delete(assetId);
    if (served) this.assetModels.set(assetId, { ...served, sensors: new Set(served.model.sensors()) });
    else this.assetModels.delete(assetId);
  }

  model(sensorId: string): BaselineModel | undefined {
    return this.models.get(sensorId);
  }

  assetModel(assetId: string): ServedAssetModel | undefined {
    return this.assetModels.get(assetId);
  }

  /** The sensor baselines in service for an asset's sensors, by sensor id. */
  baselinesOf(assetId: string): BaselineModel[] {
    return [...this.models.values()].filter((m) => m.assetId === assetId).sort((a, b) => a.sensorId.localeCompare(b.sensorId));
  }

  async execute(events: readonly ConsumedEvent<ExtractedFeaturesPayload>[]): Promise<Map<number, string>> {
    const anomalies: AnomalyDetectedPayload[] = [];
    const partitions = new Set<number>();
    for (const { event, message } of events) {
      partitions.add(message.partition);
      const w = event.data;
      this.see(w.assetId);
      const served = this.assetModels.get(w.assetId);
      if (served?.sensors.has(w.sensorId)) {
        for (const part of this.collect(w, { partition: message.partition, offset: message.offset }))
          anomalies.push(...(await this.scoreSensor(part.window, part.position)));
        continue;
      }
      anomalies.push(...(await this.scoreSensor(w, { partition: message.partition, offset: message.offset })));
    }
    anomalies.push(...this.scoreCompleteVectors());
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

  /** Scores one window against its sensor's baseline (or buffers it towards one). */
  private async scoreSensor(w: ExtractedFeaturesPayload, position: Position): Promise<AnomalyDetectedPayload[]> {
    const model = this.models.get(w.sensorId);
    if (!model) {
      await this.buffer(w, position);
      return [];
    }
    const verdict = scoreWindow(w.sensorId, w.features, model.stats);
    this.observeLatency(w);
    return this.persistence.admit(w.sensorId, w, verdict) ? [toAnomaly(w, verdict, model.version)] : [];
  }

  /**
   * Adds a window to its asset vector. Returns the windows of vectors given up on (MAX_PENDING newer ones waiting),
   * to be scored sensor by sensor; vectors more than a window older than a complete one are dropped (in-between
   * windows of a sliding sensor).
   */
  private collect(w: ExtractedFeaturesPayload, position: Position): { window: ExtractedFeaturesPayload; position: Position }[] {
    const byEnd = this.pending.get(w.assetId) ?? new Map<number, PendingVector>();
    this.pending.set(w.assetId, byEnd);
    const v = byEnd.get(w.windowEnd) ?? { windowStart: w.windowStart, windowEnd: w.windowEnd, parts: [], positions: [] };
    byEnd.set(w.windowEnd, v);
    v.parts = [...v.parts.filter((p) => p.sensorId !== w.sensorId), w];
    v.positions.push(position);
    v.windowStart = Math.min(v.windowStart, w.windowStart);
    const given: { window: ExtractedFeaturesPayload; position: Position }[] = [];
    while (byEnd.size > MAX_PENDING) {
      const oldest = Math.min(...byEnd.keys());
      const o = byEnd.get(oldest)!;
      byEnd.delete(oldest);
      o.parts.forEach((part, k) => given.push({ window: part, position: o.positions[k] ?? o.positions[0]! }));
    }
    return given;
  }

  /** Scores every complete asset vector, oldest first per asset, through persistence and the asset's hysteresis. */
  private scoreCompleteVectors(): AnomalyDetectedPayload[] {
    const out: AnomalyDetectedPayload[] = [];
    for (const [assetId, byEnd] of this.pending) {
      const served = this.assetModels.get(assetId);
      if (!served) continue;
      const ready = [...byEnd.values()]
        .map((v) => ({ v, vector: { windowEnd: v.windowEnd, sensors: Object.fromEntries(v.parts.map((p) => [p.sensorId, p.features])) } }))
        .filter((x) => served.model.complete(x.vector))
        .sort((a, b) => a.v.windowEnd - b.v.windowEnd);
      if (ready.length === 0) continue;
      const scores = served.model.score(ready.map((x) => x.vector));
      ready.forEach(({ v }, i) => {
        byEnd.delete(v.windowEnd);
        for (const part of v.parts) this.observeLatency(part);
        const a = this.admitAsset(served, v, scores[i]!);
        if (a) out.push(a);
      });
      const last = ready.at(-1)!.v;
      const width = last.windowEnd - last.windowStart;
      for (const end of [...byEnd.keys()]) if (end < last.windowEnd - width) byEnd.delete(end);
    }
    return out;
  }

  private admitAsset(served: ServedAssetModel, v: PendingVector, s: AssetScore): AnomalyDetectedPayload | undefined {
    const { assetId } = served;
    let h = this.hysteresis.get(assetId);
    if (!h) {
      h = new AlarmHysteresis({ thresholds: served.model.thresholds, clearAfter: CLEAR_AFTER_WINDOWS });
      this.hysteresis.set(assetId, h);
    }
    const held = h.update(s.odds);
    const raw = s.level;
    const verdict = { anomalous: raw >= 1, criticality: criticalityOfLevel(raw) };
    if (this.persistence.admit(`asset:${assetId}`, v, verdict)) this.activeAlarms.add(assetId);
    else if (held === 0) this.activeAlarms.delete(assetId);
    if (!this.activeAlarms.has(assetId)) return undefined;
    const level = Math.max(raw, held);
    if (level === 0) return undefined;
    return {
      anomalyId: `an:${assetId}:${v.windowStart}`,
      assetId,
      sensorId: s.contributors[0]?.sensorId ?? v.parts[0]!.sensorId,
      windowStart: v.windowStart,
      windowEnd: v.windowEnd,
      score: s.score,
      criticality: criticalityOfLevel(level),
      modelVersion: served.version,
      detectedAt: Date.now(),
      contributors: s.contributors,
    };
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
    const consider = (p: Position): void => {
      if (p.partition !== partition) return;
      const o = BigInt(p.offset);
      if (min === undefined || o < min) min = o;
    };
    for (const b of this.buffers.values()) consider(b.first);
    for (const byEnd of this.pending.values()) for (const v of byEnd.values()) v.positions.forEach(consider);
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
