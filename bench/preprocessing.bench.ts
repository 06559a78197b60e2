/**
 * npm run bench:preprocessing (node --import tsx bench/preprocessing.bench.ts) — samples/s through one sensor's pipeline
 * (pure CPU, no bus or database), with the defaults and with every operation on, pushed in events of 50 samples.
 * Prints one line per run (each configuration twice, the second counts) and a JSON summary.
 */
import { PipelineRules, resolveOptions } from '../services/preprocessing/src/domain/options';
import { SensorPipeline } from '../services/preprocessing/src/domain/sensor-pipeline';
import type { InputPoint } from '../services/preprocessing/src/domain/point';

const N = Number(process.env.BENCH_SAMPLES ?? 200_000);
const BATCH = 50;
const input: InputPoint[] = Array.from({ length: N }, (_, i) => ({
  ts: 1_700_000_000_000 + i * 10 + (Math.imul(Math.imul(i ^ (i >>> 16), 0x45d9f3b) ^ i, 0x45d9f3b) >>> 31), // 0 or 1 ms of jitter
  value: i % 997 === 3 ? null : 2 + Math.sin(i / 40) + ((i * 7919) % 1000) / 5000,
  quality: i % 997 === 3 ? 'bad' : 'good',
}));
const sensor = { sensorId: 'B-1.vibration', unit: 'mm/s' };
const configs = {
  defaults: {},
  everything: { butterworth: { enabled: true, type: 'lowpass' as const, order: 4, cutoffHz: 20 }, detrend: { enabled: true } },
};
const results: Record<string, number> = {};
for (const [name, override] of [...Object.entries(configs), ...Object.entries(configs)]) {
  // Each configuration runs twice; the second run (after JIT warm-up) is the one kept.
  const pipeline = new SensorPipeline(resolveOptions(PipelineRules.parse({}), sensor, override));
  const t0 = performance.now();
  let out = 0;
  for (let i = 0; i < N; i += BATCH) out += pipeline.push(input.slice(i, i + BATCH)).samples.length;
  out += pipeline.flush().samples.length;
  const seconds = (performance.now() - t0) / 1000;
  results[name] = Math.round(N / seconds);
  console.info(`${name}: ${N} samples in, ${out} out, ${seconds.toFixed(2)} s → ${results[name]} samples/s`);
}
console.log(JSON.stringify(results));
