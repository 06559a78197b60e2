/**
 * npm run bench:false-alarms — false alarms and detection lead time of anomaly detection on the simulated plant.
 *
 * What runs: the demo plant (packages/plant-simulator createPlant: 14 assets, seed 42, default failures — P-101
 * bearing wear, onset 30 min, failure 240 min, repair 30 min, later cycles 80–120 % as long; F-302 imbalance, onset
 * 180 min, failure 960 min, repair 60 min), sampled at the platform's rate (DEFAULT_SAMPLING_HZ, 1/12 Hz of plant
 * time) from 2027-01-04T06:00Z for BENCH_DAYS (3) plant days, an hour of plant time per step and no wall clock. The
 * start is fixed so load and speed steps repeat, and later than today so ingestion's 90-day retention drops nothing.
 * Its readings go on `sensor-data` as ingestion-iiot publishes them (batched per sensor, its event source; the OPC UA
 * hop and unit conversion — a no-op for the plant's units — are skipped) and through the real services in this
 * process, wired by apps/platform buildService as the embedded profile wires them, on an InMemoryEventBus and an
 * in-memory PGlite (bench/support/plant-rig.ts):
 *  - ingestion-iiot: asset registry (feature-extraction picks each asset's profile by type), `sensor_data`, archive;
 *  - preprocessing: built-in rules (or PREPROCESSING_*); idle flush pushed out of the way (see the rig);
 *  - feature-extraction: shipped profiles (or FEATURE_PROFILES_FILE), FEATURE_WINDOW_SECONDS = 300 s of plant time
 *    unless set (tumbling; the vibration channel of rotating machines slides by half a window), ≥ 5 samples a window;
 *  - anomaly-detection: automatic robust baselines on each sensor's first ANOMALY_BASELINE_WINDOWS = 6 windows
 *    (unless set), reported from score 0.6 (|z| 6); criticality low < 0.7 ≤ medium < 0.8 ≤ high < 0.9 ≤ critical;
 *    after BENCH_TRAIN_HOURS (24) of plant time, each asset with a healthy span of ≥ 6 h so far (ground truth: what
 *    the engineer knows) gets a training job on its longest one (POST /api/v1/anomalies/train with from/to): sensor
 *    baselines and the multivariate asset model, promoted as champion, in service at once (0 disables training).
 * Not run: rul-prediction, maintenance-orchestrator, monitoring (none writes `anomaly_events`).
 *
 * Scoring (packages/plant-simulator/src/alarm-scoring.ts), from `anomaly_events` and plant.groundTruth:
 *  - an alarm is an episode: an asset's anomalous windows (any sensor) that touch or overlap merge
 *    (BENCH_MERGE_GAP_WINDOWS = 0 windows of gap allowed); "at level L" counts only windows of criticality ≥ L, the
 *    alarms an operator would get with L as the threshold;
 *  - a false alarm is an episode whose first window lies wholly in the `running` state (no wear, or after repair);
 *    healthy asset-days are the `running` time of every asset from the end of the baseline windows to the end;
 *  - each failure in the run is flagged when a medium+ window ends after wear onset and no later than the failure;
 *    lead time = failure − end of that window (when the verdict exists).
 * Last line: JSON {days, healthy_asset_days, false_alarms_per_asset_day (level low = every reported window),
 * false_alarms_medium_plus_per_asset_day, degrading_flagged, degrading_total (failures), median_lead_h, and with
 * training trained_at_h, false_alarms_per_asset_day_after_training, false_alarms_medium_plus_per_asset_day_after_training
 * (false-alarm episodes starting after the training, per healthy asset-day after it)}.
 * The run itself is bench/support/false-alarm-run.ts, which test/integration/false-alarms.int.test.ts also runs.
 */
import { ALARM_LEVELS, createPlant, median, wholly } from '@vigie/plant-simulator';
import { runFalseAlarmScenario } from './support/false-alarm-run';

const num = (name: string, d: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return d;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`BENCH_INVALID_SETTING: ${name} must be a positive number, got ${v}`);
  return n;
};
const DAYS = num('BENCH_DAYS', 3);
const TRAIN_HOURS = Number(process.env.BENCH_TRAIN_HOURS ?? 24);
if (!(Number.isInteger(TRAIN_HOURS) && TRAIN_HOURS >= 0))
  throw new Error('BENCH_INVALID_SETTING: BENCH_TRAIN_HOURS must be an integer ≥ 0');
const GAP_WINDOWS = Number(process.env.BENCH_MERGE_GAP_WINDOWS || 0);
if (!(Number.isInteger(GAP_WINDOWS) && GAP_WINDOWS >= 0))
  throw new Error('BENCH_INVALID_SETTING: BENCH_MERGE_GAP_WINDOWS must be an integer ≥ 0');
const START = Date.UTC(2027, 0, 4, 6, 0, 0);

const plant = createPlant({ seed: num('BENCH_SEED', 42), startTime: START, accel: 1 });
const r = await runFalseAlarmScenario({
  plant,
  start: START,
  days: DAYS,
  trainHours: TRAIN_HOURS,
  featureWindowSeconds: num('FEATURE_WINDOW_SECONDS', 300),
  anomalyBaselineWindows: num('ANOMALY_BASELINE_WINDOWS', 6),
  gapWindows: GAP_WINDOWS,
  portOffset: num('BENCH_PORT_OFFSET', 50_500),
  logLevel: process.env.LOG_LEVEL ?? 'warn',
  onProgress: (m) => console.info(m),
});
if (r.deadLetters > 0) console.warn(`${r.deadLetters} messages were dead-lettered: the figures below miss them`);

const pad = (s: string | number, n: number) => String(s).padStart(n);
const rate = (n: number, days: number) => (days > 0 ? n / days : 0);
if (r.trained.length > 0) {
  console.info(`\nmodels trained at plant +${TRAIN_HOURS} h (POST /api/v1/anomalies/train on each asset's longest healthy span):`);
  for (const t of r.trained)
    console.info(
      `${t.assetId.padEnd(7)} ${t.to > 0 ? `${new Date(t.from).toISOString()} → ${new Date(t.to).toISOString()}: ` : ''}${t.result}`,
    );
}
console.info(
  `\n${DAYS} plant days, ${r.readings} readings in ${r.wallSeconds.toFixed(0)} s; ${r.windows.length} anomalous windows; scored from ${new Date(r.scoredFrom).toISOString()}`,
);
console.info(`false alarms (episodes starting in healthy running) per asset, at each threshold level:`);
console.info(
  `${'asset'.padEnd(7)}${'healthy h'.padStart(10)}${ALARM_LEVELS.map((l) => pad(`≥${l}`, 10)).join('')}${pad('/day ≥low', 11)}${pad('/day ≥med', 11)}  healthy anomalous windows by sensor`,
);
const scored = r.windows.filter((w) => w.start >= r.scoredFrom);
let healthyDays = 0;
for (const asset of plant.catalog()) {
  const timeline = r.timelines.get(asset.id)!;
  const days = r.healthyDays.get(asset.id)!;
  healthyDays += days;
  const counts = ALARM_LEVELS.map((l) => r.falseAlarms.get(l)!.filter((e) => e.assetId === asset.id).length);
  const bySensor = new Map<string, number>();
  for (const w of scored)
    if (w.assetId === asset.id && wholly(timeline, 'running', w.start, w.end))
      bySensor.set(w.sensorId, (bySensor.get(w.sensorId) ?? 0) + 1);
  const sensors = [...bySensor]
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${s.slice(asset.id.length + 1)} ${n}`)
    .join(', ');
  console.info(
    `${asset.id.padEnd(7)}${pad((days * 24).toFixed(1), 10)}${counts.map((c) => pad(c, 10)).join('')}${pad(rate(counts[0]!, days).toFixed(2), 11)}${pad(rate(counts[1]!, days).toFixed(2), 11)}  ${sensors}`,
  );
}
const totals = ALARM_LEVELS.map((l) => r.falseAlarms.get(l)!.length);
console.info(
  `${'all'.padEnd(7)}${pad((healthyDays * 24).toFixed(1), 10)}${totals.map((c) => pad(c, 10)).join('')}${pad(rate(totals[0]!, healthyDays).toFixed(2), 11)}${pad(rate(totals[1]!, healthyDays).toFixed(2), 11)}`,
);
const after = r.afterTraining;
if (after) {
  console.info(
    `after training (from plant +${TRAIN_HOURS} h, ${(after.healthyDays * 24).toFixed(1)} healthy asset-hours): ${after.low.length} false alarms ≥low (${[...new Set(after.low.map((e) => e.assetId))].join(', ') || 'none'}), ${after.medium.length} ≥medium`,
  );
  for (const e of after.low) {
    const first = scored.find((w) => w.assetId === e.assetId && w.start === e.start);
    console.info(`  ${e.assetId} ${new Date(e.start).toISOString()} ${e.windows} windows, peak ${e.peak}: ${first?.why ?? ''}`);
  }
}
const peaks = ALARM_LEVELS.map((l) => `${l} ${r.falseAlarms.get('low')!.filter((e) => e.peak === l).length}`).join(', ');
console.info(`false alarms at the default threshold by peak criticality (an episode may run on into a wear or a failure): ${peaks}`);

console.info(`\nfailures in the run (medium+ flag):`);
for (const d of r.detections) {
  const health = (t: number) => plant.groundTruth(d.assetId, t).health.toFixed(3);
  const flagged =
    d.flag === null
      ? 'not flagged'
      : `flagged ${new Date(d.flag.end).toISOString()} by ${d.flag.sensorId} (${d.flag.level}) at health ${health(d.flag.end - 1)}, lead ${d.leadHours!.toFixed(2)} h`;
  console.info(
    `${d.assetId} ${d.mode}: onset ${new Date(d.onset).toISOString()}, failure ${new Date(d.failureAt).toISOString()}: ${flagged}`,
  );
}
const leads = r.detections.flatMap((d) => (d.leadHours === null ? [] : [d.leadHours]));
const medianLead = median(leads);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
console.log(
  JSON.stringify({
    days: DAYS,
    healthy_asset_days: round(healthyDays),
    false_alarms_per_asset_day: round(rate(totals[0]!, healthyDays)),
    false_alarms_medium_plus_per_asset_day: round(rate(totals[1]!, healthyDays)),
    degrading_flagged: leads.length,
    degrading_total: r.detections.length,
    median_lead_h: medianLead === null ? null : round(medianLead, 2),
    ...(after
      ? {
          trained_at_h: TRAIN_HOURS,
          false_alarms_per_asset_day_after_training: round(rate(after.low.length, after.healthyDays)),
          false_alarms_medium_plus_per_asset_day_after_training: round(rate(after.medium.length, after.healthyDays)),
        }
      : {}),
  }),
);
process.exit(0);
