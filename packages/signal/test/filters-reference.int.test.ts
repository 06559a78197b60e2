import { beforeAll, describe, expect, it } from 'vitest';
import { butter, detrend, hampel, resampleGridRange, resampleLinear, sosfilt, sosfiltfilt, sosfiltZi, type FilterType } from '../src';
import { cwruSignal } from './support/cwru';
import { runPythonFixture } from './support/python';
import { gaussian, rng, sinusoid } from './support/windows';

// Filters vs scipy.signal / numpy (fixtures/filters_reference.py). Closeness as in reference-equality.int.test.ts:
// |ours − ref| ≤ REL·max(|ref|, FLOOR·S), S the largest |value| of the compared array.
// - sos coefficients: REL 1e-9, S per polynomial (b or a of one section), FLOOR 1e-6: a coefficient that is 0 in exact
//   arithmetic (b1 = −2cos ω0 of a band-stop centred on fs/4) holds ±2e-16·S of rounding on both sides.
// - filter outputs: REL 1e-7 (the brief allows 1e-6; measured worst 3e-9), FLOOR 1e-6: outputs that are 0 in exact
//   arithmetic (a high-pass started from its steady state) hold a few ulps of S on both sides.
// - detrend REL 1e-9 (measured 8e-11); hampel and interp 1e-12 (measured: bit-equal).
// Bands centred on fs/4 (lo + hi = fs/2) have mirror-image poles p and −p̄ equally far from the unit circle: which
// one zpk2sos takes first is decided by the last bit of scipy's tan (SVML on AVX-512 machines, libm elsewhere), so
// for those the sections are compared as a set (each row normalised by b0, the gain Πb0 compared separately).

interface Design {
  order: number;
  cutoff: number | [number, number];
  type: FilterType;
  fs: number;
}
interface FilteringRun {
  design: number;
  signal: string;
  padtype?: 'odd' | 'even' | 'constant' | null;
  padlen?: number;
}
interface FilteringRef {
  sosfilt: number[];
  sosfilt_zi: number[];
  sosfilt_from_zi: number[];
  zf: number[];
  sosfiltfilt: number[];
}
interface InterpCase {
  ts: number[];
  values: number[];
  start: number;
  period: number;
  count: number;
}
interface Reference {
  versions: Record<string, string>;
  sos: number[][];
  filtering: FilteringRef[];
  detrend: number[][];
  hampel: { y: number[]; outliers: number[] }[];
  interp: { first: number; values: number[] }[];
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rel: number, floor = 1e-9): number {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const denom = Math.max(Math.abs(e), floor * scale);
    const tol = rel * denom;
    if (!(Math.abs(a - e) <= tol)) throw new Error(`${what}[${i}]: ${a} vs reference ${e} (tolerance ${tol})`);
    if (denom > 0) worst = Math.max(worst, Math.abs(a - e) / denom);
  }
  return worst;
}

/** One section's b and a compared as two polynomials (each with its own scale S). */
function expectSectionClose(ours: ArrayLike<number>, ref: ArrayLike<number>, what: string): void {
  const part = (v: ArrayLike<number>, from: number): number[] => Array.from({ length: 3 }, (_, i) => v[from + i]!);
  expectClose(part(ours, 0), part(ref, 0), `${what} b`, 1e-9, 1e-6);
  expectClose(part(ours, 3), part(ref, 3), `${what} a`, 1e-9, 1e-6);
}

function rows(sos: ArrayLike<number>): number[][] {
  return Array.from({ length: sos.length / 6 }, (_, r) => Array.from({ length: 6 }, (_, j) => sos[6 * r + j]!));
}

/** Same sections in any order, the gain in any section: rows normalised by b0 match one-to-one; Πb0 equal. */
function expectSameSectionSet(ours: Float64Array, ref: number[], what: string): void {
  const normalise = (row: number[]): number[] => [1, row[1]! / row[0]!, row[2]! / row[0]!, ...row.slice(3)];
  const gain = (rs: number[][]): number => rs.reduce((g, r) => g * r[0]!, 1);
  const mine = rows(ours);
  const theirs = rows(ref);
  expectClose([gain(mine)], [gain(theirs)], `${what} gain`, 1e-9);
  const unused = theirs.map(normalise);
  for (const row of mine.map(normalise)) {
    const at = unused.findIndex((r) => r.every((v, j) => Math.abs(v - row[j]!) <= 1e-9 * Math.max(Math.abs(v), 1e-6)));
    expect(at, `${what}: section [${row.join(', ')}] not among scipy's`).toBeGreaterThanOrEqual(0);
    unused.splice(at, 1);
  }
}

const isMirror = (d: Design): boolean => Array.isArray(d.cutoff) && d.cutoff[0] + d.cutoff[1] === d.fs / 2;

// --- inputs -------------------------------------------------------------------------------------------------------
const CUTOFF_SETS: { fs: number; cutoffs: Record<FilterType, number | [number, number]> }[] = [
  { fs: 1000, cutoffs: { lowpass: 100, highpass: 100, bandpass: [40, 60], bandstop: [45, 55] } },
  { fs: 12000, cutoffs: { lowpass: 2500, highpass: 500, bandpass: [2000, 5000], bandstop: [1000, 1500] } },
  { fs: 25600, cutoffs: { lowpass: 10, highpass: 12000, bandpass: [5, 100], bandstop: [11000, 12500] } },
];
const TYPES: FilterType[] = ['lowpass', 'highpass', 'bandpass', 'bandstop'];
const designs: Design[] = [];
for (const { fs, cutoffs } of CUTOFF_SETS) {
  for (let order = 1; order <= 8; order++) for (const type of TYPES) designs.push({ order, cutoff: cutoffs[type], type, fs });
}
for (const order of [12, 16, 20]) for (const type of TYPES) designs.push({ order, cutoff: CUTOFF_SETS[1]!.cutoffs[type], type, fs: 12000 });
for (let order = 1; order <= 8; order++) {
  designs.push({ order, cutoff: [100, 400], type: 'bandpass', fs: 1000 }, { order, cutoff: [2000, 4000], type: 'bandstop', fs: 12000 });
}

const N = 4096;
function withSpikes(x: Float64Array, seed: number, count: number, size: number): Float64Array {
  const u = rng(seed);
  const y = Float64Array.from(x);
  for (let s = 0; s < count; s++) y[Math.floor(u() * y.length)]! += (u() < 0.5 ? -1 : 1) * size;
  return y;
}
const random = gaussian(N, 11, 1, 0.3);
const signals: Record<string, Float64Array> = {
  random,
  sine: sinusoid(N, 12000, 157.3, 12),
  cwru: cwruSignal('IR007_0.csv').slice(5000, 5000 + N),
  trend: random.map((v, i) => v + 40 - 0.01 * i),
  spiky: withSpikes(gaussian(2000, 13), 14, 25, 8),
  quantised: gaussian(1500, 15).map((v) => Math.round(v * 2) / 2), // plateaus: many windows with MAD = 0
  short1: Float64Array.of(3.5),
  short2: Float64Array.of(3.5, -1),
  short3: Float64Array.of(3.5, -1, 2),
};

const FILTER_ORDERS = [1, 2, 5, 8];
const filterDesigns: Design[] = [
  ...FILTER_ORDERS.flatMap((order) => TYPES.map((type) => ({ order, cutoff: CUTOFF_SETS[1]!.cutoffs[type], type, fs: 12000 }))),
  { order: 4, cutoff: 20, type: 'lowpass', fs: 12000 }, // poles within 1e-2 of z = 1
  { order: 4, cutoff: [2000, 4000], type: 'bandstop', fs: 12000 }, // mirror-image poles
];
const filterDesignBase = designs.length;
designs.push(...filterDesigns);
const runs: FilteringRun[] = [];
filterDesigns.forEach((_, i) => {
  for (const signal of ['random', 'sine', 'cwru']) runs.push({ design: filterDesignBase + i, signal });
});
runs.push(
  { design: filterDesignBase + 6, signal: 'cwru', padtype: 'even' },
  { design: filterDesignBase + 6, signal: 'cwru', padtype: 'constant' },
  { design: filterDesignBase + 6, signal: 'cwru', padtype: null },
  { design: filterDesignBase + 6, signal: 'cwru', padlen: 0 },
  { design: filterDesignBase + 14, signal: 'sine', padlen: 500 },
);

const detrendCases = ['random', 'trend', 'sine', 'cwru', 'short1', 'short2', 'short3'].flatMap((signal) =>
  (['linear', 'constant'] as const).map((type) => ({ signal, type })),
);
const hampelCases = [
  { signal: 'spiky', half_window: 3, n_sigmas: 3 },
  { signal: 'spiky', half_window: 10, n_sigmas: 2 },
  { signal: 'cwru', half_window: 5, n_sigmas: 3 },
  { signal: 'cwru', half_window: 25, n_sigmas: 4 },
  { signal: 'quantised', half_window: 4, n_sigmas: 3 },
  { signal: 'quantised', half_window: 1, n_sigmas: 0 },
  { signal: 'short3', half_window: 5, n_sigmas: 3 },
];

function interpCases(): InterpCase[] {
  const u = rng(21);
  const ts: number[] = [];
  let t = 1_767_225_600_000; // epoch ms, 2026-01-01
  for (let i = 0; i < 3000; i++) ts.push((t += 0.5 + u()));
  const values = Array.from(gaussian(ts.length, 22, 3, 10));
  return [
    { ts, values, start: ts[0]! - 37.5, period: 1, count: 3200 }, // grid starts before and ends after the data
    { ts, values, start: ts[0]!, period: 2.5, count: 1000 }, // starts on a timestamp
    { ts, values, start: ts[10]! + 0.25, period: 0.1, count: 500 }, // upsampling inside the data
    { ts: [0, 1, 2, 3, 4], values: [0, 10, -5, 7, 1], start: -1, period: 0.5, count: 14 }, // grid hits every sample
  ];
}

// --- run --------------------------------------------------------------------------------------------------------
const interp = interpCases();
let ref: Reference;
beforeAll(() => {
  const input = {
    designs,
    signals: Object.fromEntries(Object.entries(signals).map(([k, v]) => [k, Array.from(v)])),
    filtering: runs,
    detrend: detrendCases,
    hampel: hampelCases,
    interp,
  };
  ref = runPythonFixture<Reference>('filters_reference.py', input);
});

describe('butter equals scipy.signal.butter(..., output="sos")', () => {
  it.each(designs.map((d, i) => ({ ...d, i, label: JSON.stringify(d.cutoff) })))(
    'order $order $type $label Hz at $fs Hz',
    ({ i, ...d }) => {
      const ours = butter(d.order, d.cutoff, d.type, d.fs);
      const theirs = ref.sos[i]!;
      expect(ours.length).toBe(theirs.length);
      if (isMirror(d)) return expectSameSectionSet(ours, theirs, 'sos');
      rows(ours).forEach((row, r) => expectSectionClose(row, rows(theirs)[r]!, `section ${r}`));
    },
  );
});

describe('sosfilt, sosfilt_zi and sosfiltfilt equal scipy on random, sinusoidal and CWRU signals', () => {
  it.each(runs.map((r, i) => ({ ...r, i, d: JSON.stringify(designs[r.design]) })))(
    '$d on $signal (padtype $padtype, padlen $padlen)',
    (run) => {
      const d = designs[run.design]!;
      const r = ref.filtering[run.i]!;
      const x = signals[run.signal]!;
      const sos = butter(d.order, d.cutoff, d.type, d.fs);
      expectClose(sosfilt(sos, x).y, r.sosfilt, 'sosfilt', 1e-7, 1e-6);
      const zi = sosfiltZi(sos);
      expectClose(zi, r.sosfilt_zi, 'sosfilt_zi', 1e-7, 1e-6);
      const fromZi = sosfilt(
        sos,
        x,
        zi.map((v) => v * x[0]!),
      );
      expectClose(fromZi.y, r.sosfilt_from_zi, 'sosfilt from zi·x0', 1e-7, 1e-6);
      expectClose(fromZi.zf, r.zf, 'zf', 1e-7, 1e-6);
      // The same signal in uneven chunks, the state carried from one to the next, equals scipy's one pass.
      let state: Float64Array = zi.map((v) => v * x[0]!);
      const chunked = new Float64Array(x.length);
      for (let at = 0, size = 1; at < x.length; at += size, size = size * 3 + 1) {
        const out = sosfilt(sos, x.subarray(at, at + size), state);
        chunked.set(out.y, at);
        state = out.zf;
      }
      expectClose(chunked, r.sosfilt_from_zi, 'chunked sosfilt', 1e-7, 1e-6);
      const opts = { ...(run.padtype !== undefined && { padtype: run.padtype }), ...(run.padlen !== undefined && { padlen: run.padlen }) };
      expectClose(sosfiltfilt(sos, x, opts), r.sosfiltfilt, 'sosfiltfilt', 1e-7, 1e-6);
    },
  );
});

describe('detrend equals scipy.signal.detrend', () => {
  it.each(detrendCases.map((c, i) => ({ ...c, i })))('$type on $signal', ({ signal, type, i }) => {
    const expected = ref.detrend[i]!;
    const ours = detrend(signals[signal]!, type);
    // One or two points are fitted exactly: scipy's lstsq leaves ~1e-16 of rounding where ours is 0.
    if (type === 'linear' && expected.length < 3) return expected.forEach((v, j) => expect(Math.abs(ours[j]! - v)).toBeLessThan(1e-14));
    expectClose(ours, expected, 'detrend', 1e-9);
  });
});

describe('hampel equals the numpy reference (truncated windows at the ends)', () => {
  it.each(hampelCases.map((c, i) => ({ ...c, i })))('k = $half_window, $n_sigmas σ on $signal', ({ signal, half_window, n_sigmas, i }) => {
    const expected = ref.hampel[i]!;
    const ours = hampel(signals[signal]!, half_window, n_sigmas);
    expect(Array.from(ours.outliers)).toEqual(expected.outliers);
    expectClose(ours.y, expected.y, 'hampel y', 1e-12);
    if (signal === 'spiky') expect(expected.outliers.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(20); // the test has teeth
  });
});

describe('resampleLinear equals numpy.interp inside the data', () => {
  it.each(interp.map((c, i) => ({ ...c, i, n: c.ts.length })))('$n points, start $start, period $period, count $count', (c) => {
    const expected = ref.interp[c.i]!;
    const ours = resampleLinear(c.ts, c.values, c.start, c.period, c.count);
    expectClose(ours, expected.values, 'interp', 1e-12);
    expect(resampleGridRange(c.ts, c.start, c.period, c.count)).toEqual({ first: expected.first, length: expected.values.length });
  });
});

it('reports the reference versions', () => {
  expect(Object.keys(ref.versions).sort()).toEqual(['numpy', 'scipy']);
});
