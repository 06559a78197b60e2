import { seededRandom } from '@vigie/service-kit-testing';
import type { InputPoint } from '../src/domain/point';

/** Deterministic pseudo-random numbers (mulberry32). */
export const rng = seededRandom;

/**
 * A sensor stream with every fault the pipeline handles: a 1 s period, noise, a slow trend, spikes, bad and
 * valueless samples, out-of-range readings, a stuck stretch, a short and a long gap, duplicates, samples swapped
 * within the lateness, and samples older than it.
 */
export function faultyStream(n = 600, seed = 7): InputPoint[] {
  const r = rng(seed);
  const t0 = 1_700_000_000_000;
  const out: InputPoint[] = [];
  for (let i = 0; i < n; i++) {
    if (i >= 200 && i < 203) continue; // short gap: 3 missing samples
    if (i >= 400 && i < 440) continue; // long gap
    const ts = t0 + i * 1000;
    let value: number | null = 3 + i * 0.002 + Math.sin(i / 9) * 0.4 + (r() - 0.5) * 0.2;
    let quality: InputPoint['quality'] = 'good';
    if (i >= 300 && i < 330) value = 4.25; // stuck sensor
    if (i % 97 === 13) value += 25; // spike
    if (i % 61 === 5) value = 450; // out of range for mm/s
    if (i % 83 === 7) {
      value = null;
      quality = 'bad';
    }
    if (i % 71 === 11) quality = 'uncertain';
    out.push({ ts, value, quality });
  }
  // Arrival order: swap neighbours now and then (within the lateness), repeat some, and deliver a few very late.
  for (let i = 20; i < out.length - 1; i += 37) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  const arrivals: InputPoint[] = [];
  const delayed = new Map<number, InputPoint>();
  for (let i = 0; i < out.length; i++) {
    if (i % 89 === 40)
      delayed.set(i + 8, out[i]!); // arrives 8 samples late: older than the watermark
    else arrivals.push(out[i]!);
    if (i % 53 === 9) arrivals.push({ ...out[i]! });
    const late = delayed.get(i);
    if (late) arrivals.push(late);
  }
  return arrivals;
}

/** Cuts a list into chunks of random sizes (1..max). */
export function chunks<T>(list: readonly T[], seed: number, max = 17): T[][] {
  const r = rng(seed);
  const out: T[][] = [];
  for (let i = 0; i < list.length;) {
    const n = 1 + Math.floor(r() * max);
    out.push(list.slice(i, i + n));
    i += n;
  }
  return out;
}

/** JSON round trip: what the state goes through in `preprocessing_state`. */
export function roundTrip<T>(state: T): T {
  return JSON.parse(JSON.stringify(state)) as T;
}
