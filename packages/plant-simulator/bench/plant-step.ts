/**
 * Prints how fast the plant model generates readings (no I/O), and how long a run-to-failure
 * export of the training failures takes without writing files.
 *   node --import tsx packages/plant-simulator/bench/plant-step.ts [--hours 24] [--sampling-hz 0.0833]
 * Last line is JSON: {"readings_per_s":…,"export_rows_per_s":…}.
 */
import { parseArgs } from 'node:util';
import { createPlant, simulateRunToFailure } from '../src/index';

const { values } = parseArgs({ options: { hours: { type: 'string', default: '24' }, 'sampling-hz': { type: 'string', default: String(1 / 12) } } });
const hours = Number(values.hours);
const samplingHz = Number(values['sampling-hz']);
const start = Date.UTC(2026, 0, 5, 6, 0, 0);

const plant = createPlant({ seed: 42, startTime: start, samplingHz });
const sensors = plant.catalog().flatMap((a) => a.sensors).length;
let readings = 0;
const t0 = performance.now();
// One-minute steps, as a server ticking at accel 300 with 200 ms ticks would call it.
for (let t = start; t <= start + hours * 3_600_000; t += 60_000) readings += plant.step(t).length;
const stepS = (performance.now() - t0) / 1000;

const t1 = performance.now();
const histories = simulateRunToFailure({ seed: 42, runs: 3 });
const rows = histories.reduce((n, h) => n + h.ts.length, 0);
const exportS = (performance.now() - t1) / 1000;

console.log(`plant: ${plant.catalog().length} assets, ${sensors} sensors, ${hours} h at ${samplingHz.toFixed(4)} Hz`);
console.log(`step: ${readings} readings in ${stepS.toFixed(2)} s`);
console.log(`export (3 runs, 4 failure modes, no files): ${rows} rows in ${exportS.toFixed(2)} s`);
console.log(JSON.stringify({ readings_per_s: Math.round(readings / stepS), export_rows_per_s: Math.round(rows / exportS) }));
