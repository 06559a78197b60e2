/**
 * One false-alarm scenario on the simulated plant, shared by bench/false-alarms.bench.ts (which prints it) and
 * test/integration/false-alarms.int.test.ts (which holds the platform to it): the plant's readings through the real
 * services of the anomaly path (plant-rig.ts), optionally a training job per asset part-way, and the verdicts scored
 * against the simulator's ground truth (packages/plant-simulator/src/alarm-scoring.ts).
 */
import {
  ALARM_LEVELS,
  detections,
  failureCycles,
  falseAlarms,
  healthTimeline,
  mergeEpisodes,
  timeIn,
  type AlarmEpisode,
  type AlarmLevel,
  type AlarmWindow,
  type Detection,
  type FailureMode,
  type Plant,
  type StateSpan,
} from '@vigie/plant-simulator';
import { startPlantRig } from './plant-rig';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Shortest healthy span an asset model is trained on (it should cover several operating steps of 1.5 h). */
export const MIN_TRAIN_SPAN_H = 6;

export interface ScenarioOptions {
  plant: Plant;
  /** Plant start (epoch ms): the plant must have been created with it. */
  start: number;
  days: number;
  /** Plant hours after which each asset is trained on its longest healthy span so far; 0: never. */
  trainHours: number;
  featureWindowSeconds: number;
  anomalyBaselineWindows: number;
  /** Windows of gap allowed inside one alarm episode. */
  gapWindows: number;
  portOffset: number;
  logLevel: string;
  onProgress?: (message: string) => void;
}

/** A reported anomalous window: its anomaly id (`an:<asset>:…` from an asset model, `an:<sensor>:…` from a sensor baseline) and a one-line reason. */
export type ScoredWindow = AlarmWindow & { id: string; sensorId: string; why: string };

export interface Trained {
  assetId: string;
  from: number;
  to: number;
  result: string;
  promoted: boolean;
}

export interface ScenarioResult {
  readings: number;
  deadLetters: number;
  wallSeconds: number;
  /** Every reported window that starts before the end. */
  windows: ScoredWindow[];
  trained: Trained[];
  timelines: Map<string, StateSpan[]>;
  /** Verdicts start once the first baselines are fitted: false alarms and healthy time count from here. */
  scoredFrom: number;
  /** False-alarm episodes at each level (≥ L). */
  falseAlarms: Map<AlarmLevel, AlarmEpisode[]>;
  /** Healthy running time per asset from scoredFrom, in days. */
  healthyDays: Map<string, number>;
  /** Every failure of the run with its first medium+ flag. */
  detections: (Detection<ScoredWindow> & { mode: FailureMode })[];
  /** The same counts over the time after training only, or null without training. */
  afterTraining: { from: number; healthyDays: number; low: AlarmEpisode[]; medium: AlarmEpisode[] } | null;
}

/** An anomaly as GET /api/v1/anomalies/{asset_id} returns it. */
interface Anomaly {
  anomalyId: string;
  assetId: string;
  sensorId: string;
  windowStart: number;
  windowEnd: number;
  criticality: AlarmLevel;
  modelVersion: string;
  contributors: { sensorId: string; feature: string; value: number; baseline: number; z: number }[];
}

type Job = {
  id: string;
  status: string;
  message: string | null;
  models: { assetWindows: number; valFalseAlarmRate: number; promoted: boolean; version: number }[];
};

/**
 * What a reliability engineer does once the plant has run a while: for each asset, the longest span of healthy running
 * so far (the simulator's ground truth stands for the engineer's knowledge of when the machine was sound), if it is at
 * least MIN_TRAIN_SPAN_H long, goes to a training job over REST; the job fits the sensor baselines and the asset model
 * and promotes them as the asset's champion.
 */
async function trainAssets(plant: Plant, url: string, start: number, until: number): Promise<Trained[]> {
  const out: Trained[] = [];
  for (const asset of plant.catalog()) {
    const spans = healthTimeline((t) => plant.groundTruth(asset.id, t).state, start, until).filter((s) => s.state === 'running');
    const best = spans.sort((a, b) => b.to - b.from - (a.to - a.from))[0];
    if (!best || best.to - best.from < MIN_TRAIN_SPAN_H * HOUR) {
      out.push({ assetId: asset.id, from: 0, to: 0, result: 'no healthy span long enough: sensor baselines only', promoted: false });
      continue;
    }
    const res = await fetch(`${url}/api/v1/anomalies/train`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        assetId: asset.id,
        windows: 2000,
        from: new Date(best.from).toISOString(),
        to: new Date(best.to).toISOString(),
      }),
    });
    if (res.status !== 202) throw new Error(`training ${asset.id} answered ${res.status}: ${await res.text()}`);
    let job = (await res.json()) as Job;
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${url}/api/v1/anomalies/jobs/${job.id}`)).json()) as Job;
    }
    const m = job.models[0];
    out.push({
      assetId: asset.id,
      from: best.from,
      to: best.to,
      promoted: m?.promoted ?? false,
      result:
        job.status === 'succeeded' && m
          ? `v${m.version} ${m.assetWindows} asset windows, held-out false alarm rate ${m.valFalseAlarmRate.toFixed(3)}, ${m.promoted ? 'promoted' : 'not promoted'}`
          : `${job.status}: ${job.message}`,
    });
  }
  return out;
}

const describe = (a: Anomaly): string =>
  `${a.modelVersion}: ${a.contributors
    .slice(0, 2)
    .map(
      (c) =>
        `${c.sensorId.slice(a.assetId.length + 1)}.${c.feature} ${c.value.toPrecision(4)} (expected ${c.baseline.toPrecision(4)}, z ${c.z.toFixed(1)})`,
    )
    .join(', ')}`;

/** Every anomaly of the plant's assets, read page by page from the service's history API. */
async function history(url: string, assetIds: readonly string[]): Promise<Anomaly[]> {
  const out: Anomaly[] = [];
  for (const id of assetIds) {
    let cursor: string | undefined;
    do {
      const res = await fetch(`${url}/api/v1/anomalies/${encodeURIComponent(id)}?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      if (!res.ok) throw new Error(`history of ${id} answered ${res.status}`);
      const page = (await res.json()) as { anomalies: Anomaly[]; nextCursor?: string };
      out.push(...page.anomalies);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return out;
}

export async function runFalseAlarmScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const { plant, start } = o;
  const end = start + o.days * DAY;
  const windowMs = o.featureWindowSeconds * 1000;
  const t0 = performance.now();
  const rig = await startPlantRig(plant, {
    featureWindowSeconds: o.featureWindowSeconds,
    anomalyBaselineWindows: o.anomalyBaselineWindows,
    portOffset: o.portOffset,
    logLevel: o.logLevel,
  });
  let readings = 0;
  let trained: Trained[] = [];
  let anomalies: Anomaly[];
  let deadLetters: number;
  try {
    // One window past the end, so the windows that end at `end` are decided.
    for (let t = start + HOUR; t <= end + windowMs + HOUR; t += HOUR) {
      readings += await rig.feed(plant, t);
      await rig.drain();
      if (o.trainHours > 0 && t === start + o.trainHours * HOUR) trained = await trainAssets(plant, rig.url('anomaly-detection'), start, t);
      if ((t - start) % (6 * HOUR) === 0)
        o.onProgress?.(
          `plant +${((t - start) / HOUR).toFixed(0)} h: ${readings} readings, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
        );
    }
    deadLetters = await rig.deadLetters();
    anomalies = await history(
      rig.url('anomaly-detection'),
      plant.catalog().map((a) => a.id),
    );
  } finally {
    await rig.stop();
  }
  const windows: ScoredWindow[] = anomalies
    .map((a) => ({
      id: a.anomalyId,
      assetId: a.assetId,
      sensorId: a.sensorId,
      start: a.windowStart,
      end: a.windowEnd,
      level: a.criticality,
      why: describe(a),
    }))
    .filter((w) => w.start < end);
  const scoredFrom = start + o.anomalyBaselineWindows * windowMs;
  const gapMs = o.gapWindows * windowMs;
  const timelines = new Map<string, StateSpan[]>(
    plant.catalog().map((a) => [a.id, healthTimeline((t) => plant.groundTruth(a.id, t).state, start, end)]),
  );
  const scored = windows.filter((w) => w.start >= scoredFrom);
  const healthyBetween = (from: number) =>
    new Map(plant.catalog().map((a) => [a.id, timeIn(timelines.get(a.id)!, 'running', from, end) / DAY]));
  const trainedAt = start + o.trainHours * HOUR;
  const after = (level: AlarmLevel) =>
    falseAlarms(
      mergeEpisodes(
        scored.filter((w) => w.start >= trainedAt),
        level,
        gapMs,
      ),
      timelines,
    ).filter((e) => e.start >= trainedAt);
  return {
    readings,
    deadLetters,
    wallSeconds: (performance.now() - t0) / 1000,
    windows,
    trained,
    timelines,
    scoredFrom,
    falseAlarms: new Map(ALARM_LEVELS.map((l) => [l, falseAlarms(mergeEpisodes(scored, l, gapMs), timelines)])),
    healthyDays: healthyBetween(scoredFrom),
    detections: plant
      .failures()
      .flatMap((f) =>
        detections(failureCycles(f.assetId, timelines.get(f.assetId)!), windows, 'medium').map((d) => ({ ...d, mode: f.mode })),
      ),
    afterTraining:
      o.trainHours > 0 && trainedAt < end
        ? {
            from: trainedAt,
            healthyDays: [...healthyBetween(trainedAt).values()].reduce((a, b) => a + b, 0),
            low: after('low'),
            medium: after('medium'),
          }
        : null,
  };
}
