import { describe, expect, it } from 'vitest';
import {
  butter,
  detrend,
  FilterError,
  hampel,
  isFilterError,
  resampleGridRange,
  resampleLinear,
  sosfilt,
  sosfiltfilt,
  sosfiltZi,
  type FilterErrorCode,
  type FilterType,
} from '../src';
import { gaussian, rng } from './support/windows';

/** |H(e^{jω})| of a cascade at f Hz. */
function gainAt(sos: Float64Array, f: number, fs: number): number {
  const w = (2 * Math.PI * f) / fs;
  const [c1, s1, c2, s2] = [Math.cos(w), -Math.sin(w), Math.cos(2 * w), -Math.sin(2 * w)];
  let g = 1;
  for (let i = 0; i < sos.length; i += 6) {
    const num = Math.hypot(sos[i]! + sos[i + 1]! * c1 + sos[i + 2]! * c2, sos[i + 1]! * s1 + sos[i + 2]! * s2);
    const den = Math.hypot(1 + sos[i + 4]! * c1 + sos[i + 5]! * c2, sos[i + 4]! * s1 + sos[i + 5]! * s2);
    g *= num / den;
  }
  return g;
}

const rms = (x: ArrayLike<number>, from = 0, to = x.length): number => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (to - from));
};
const tone = (n: number, f: number, fs: number, phase = 0): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / fs + phase));

function expectCode(fn: () => unknown, code: FilterErrorCode): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(FilterError);
  expect(caught).toBeInstanceOf(RangeError);
  expect((caught as FilterError).code).toBe(code);
  expect(isFilterError(caught, code)).toBe(true);
}

describe('butter', () => {
  const ORDERS = [1, 2, 3, 4, 5, 6, 7, 8, 13, 20];

  it.each(ORDERS)('order %i: stable sections, a0 = 1, ⌈n/2⌉ sections for low/high-pass and n for band filters', (order) => {
    for (const [type, cutoff] of [
      ['lowpass', 100],
      ['highpass', 100],
      ['bandpass', [40, 60]],
      ['bandstop', [40, 60]],
    ] as [FilterType, number | [number, number]][]) {
      const sos = butter(order, cutoff, type, 1000);
      const band = type === 'bandpass' || type === 'bandstop';
      expect(sos.length / 6).toBe(band ? order : Math.ceil(order / 2));
      for (let i = 0; i < sos.length; i += 6) {
        expect(sos[i + 3]).toBe(1);
        // Both poles of the section inside the unit circle (the stability triangle).
        expect(Math.abs(sos[i + 5]!)).toBeLessThan(1);
        expect(Math.abs(sos[i + 4]!)).toBeLessThan(1 + sos[i + 5]!);
      }
    }
  });

  it.each(ORDERS)('order %i low-pass: DC gain 1, −3 dB at the cutoff (pre-warped), 0 at Nyquist', (order) => {
    for (const [fc, fs] of [
      [100, 1000],
      [2500, 12000],
      [5, 25600],
    ] as const) {
      const sos = butter(order, fc, 'lowpass', fs);
      expect(gainAt(sos, 0, fs)).toBeCloseTo(1, 9);
      expect(gainAt(sos, fc, fs)).toBeCloseTo(Math.SQRT1_2, 9);
      expect(gainAt(sos, fs / 2, fs)).toBeLessThan(1e-9);
      expect(gainAt(sos, Math.min(2 * fc, fs / 2), fs)).toBeLessThan(Math.SQRT1_2);
    }
  });

  it.each(ORDERS)('order %i high-pass: kills DC, −3 dB at the cutoff, gain 1 at Nyquist', (order) => {
    const sos = butter(order, 500, 'highpass', 12000);
    expect(gainAt(sos, 0, 12000)).toBeLessThan(1e-9);
    expect(gainAt(sos, 500, 12000)).toBeCloseTo(Math.SQRT1_2, 9);
    expect(gainAt(sos, 6000, 12000)).toBeCloseTo(1, 9);
    const { y } = sosfilt(sos, new Float64Array(24000).fill(3.7));
    expect(Math.abs(y[y.length - 1]!)).toBeLessThan(1e-9); // a constant input decays to 0
  });

  it('a 50 Hz tone passes a 40–60 Hz band-pass and is rejected by the 40–60 Hz band-stop', () => {
    const fs = 1000;
    const x = tone(4000, 50, fs, 0.3);
    const bp = butter(4, [40, 60], 'bandpass', fs);
    const bs = butter(4, [40, 60], 'bandstop', fs);
    expect(gainAt(bp, 40, fs)).toBeCloseTo(Math.SQRT1_2, 9);
    expect(gainAt(bp, 60, fs)).toBeCloseTo(Math.SQRT1_2, 9);
    expect(gainAt(bs, 40, fs)).toBeCloseTo(Math.SQRT1_2, 9);
    expect(gainAt(bp, 0, fs)).toBeLessThan(1e-9);
    expect(gainAt(bs, 0, fs)).toBeCloseTo(1, 9);
    // Steady state (the last second): the band-pass keeps > 99 % of the tone, the band-stop < 2 %.
    const passed = sosfilt(bp, x).y;
    const stopped = sosfilt(bs, x).y;
    expect(rms(passed, 3000) / rms(x, 3000)).toBeGreaterThan(0.99);
    expect(rms(stopped, 3000) / rms(x, 3000)).toBeLessThan(0.02);
    // A 200 Hz tone is the other way round.
    const far = tone(4000, 200, fs);
    expect(rms(sosfilt(bp, far).y, 3000)).toBeLessThan(0.01);
    expect(rms(sosfilt(bs, far).y, 3000) / rms(far, 3000)).toBeGreaterThan(0.99);
  });
});

describe('sosfilt, sosfiltZi, sosfiltfilt', () => {
  const sos = butter(6, [300, 3000], 'bandpass', 12000);
  const x = gaussian(5000, 3, 1, 0.5);

  it('filtering in chunks with the state carried equals one pass, bit for bit (empty chunks included)', () => {
    const whole = sosfilt(sos, x);
    const u = rng(9);
    let state: Float64Array | undefined;
    const parts: number[] = [];
    for (let at = 0; at < x.length;) {
      const size = Math.floor(u() * 300);
      const out = sosfilt(sos, x.subarray(at, at + size), state);
      parts.push(...out.y);
      state = out.zf;
      at += size;
    }
    expect(Float64Array.from(parts)).toEqual(whole.y);
    expect(state).toEqual(whole.zf);
    expect(sosfilt(sos, x, new Float64Array(sos.length / 3)).y).toEqual(whole.y); // zi = 0 is "at rest"
  });

  it('does not modify the zi it is given', () => {
    const zi = sosfiltZi(sos);
    const copy = Float64Array.from(zi);
    sosfilt(sos, x, zi);
    expect(zi).toEqual(copy);
  });

  it('sosfiltZi is the steady state of a step: a constant started from zi·c stays at c·H(0)', () => {
    for (const [type, cutoff] of [
      ['lowpass', 50],
      ['highpass', 50],
      ['bandstop', [100, 200]],
    ] as [FilterType, number | [number, number]][]) {
      const s = butter(5, cutoff, type, 1000);
      const c = -2.5;
      const { y } = sosfilt(
        s,
        new Float64Array(500).fill(c),
        sosfiltZi(s).map((v) => v * c),
      );
      const expected = c * (type === 'highpass' ? 0 : 1);
      for (const v of y) expect(Math.abs(v - expected)).toBeLessThan(1e-12);
    }
  });

  it('sosfiltfilt has zero phase: an in-band tone comes out unshifted, where sosfilt delays it', () => {
    const fs = 1000;
    const s = butter(4, 200, 'lowpass', fs);
    const x10 = tone(3000, 10, fs);
    const zero = sosfiltfilt(s, x10);
    let worst = 0;
    for (let i = 500; i < 2500; i++) worst = Math.max(worst, Math.abs(zero[i]! - x10[i]!));
    expect(worst).toBeLessThan(1e-6);
    const delayed = sosfilt(s, x10).y;
    let lagging = 0;
    for (let i = 500; i < 2500; i++) lagging = Math.max(lagging, Math.abs(delayed[i]! - x10[i]!));
    expect(lagging).toBeGreaterThan(0.05);
  });

  it('sosfiltfilt keeps the length and a constant input (every padtype)', () => {
    const c = new Float64Array(200).fill(4.25);
    const s = butter(3, 30, 'lowpass', 1000);
    for (const padtype of ['odd', 'even', 'constant', null] as const) {
      const y = sosfiltfilt(s, c, { padtype });
      expect(y.length).toBe(200);
      for (const v of y) expect(v).toBeCloseTo(4.25, 9);
    }
  });
});

describe('detrend', () => {
  const noise = gaussian(1000, 5);
  const withLine = noise.map((v, i) => v + 1e4 - 3.25 * i);

  it('linear: removes any added line, and the residual is orthogonal to 1 and i', () => {
    const r = detrend(withLine);
    const base = detrend(noise);
    for (let i = 0; i < r.length; i++) expect(r[i]!).toBeCloseTo(base[i]!, 9);
    let s0 = 0;
    let s1 = 0;
    r.forEach((v, i) => {
      s0 += v;
      s1 += i * v;
    });
    expect(Math.abs(s0)).toBeLessThan(1e-8);
    expect(Math.abs(s1)).toBeLessThan(1e-5);
    for (const v of detrend(Float64Array.from({ length: 50 }, (_, i) => 7 - 0.5 * i))) expect(Math.abs(v)).toBeLessThan(1e-12);
  });

  it('constant: subtracts the mean only', () => {
    const r = detrend(Float64Array.of(1, 2, 3, 10), 'constant');
    expect(Array.from(r)).toEqual([-3, -2, -1, 6]);
    expect(Array.from(detrend([5]))).toEqual([0]);
  });
});

describe('hampel', () => {
  /** The definition, written the slow way: sort every truncated window. */
  function naiveHampel(x: Float64Array, k: number, t: number): { y: number[]; outliers: number[] } {
    const med = (v: number[]): number => {
      const s = [...v].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    const y: number[] = [];
    const outliers: number[] = [];
    for (let i = 0; i < x.length; i++) {
      const w = Array.from(x.subarray(Math.max(0, i - k), Math.min(x.length, i + k + 1)));
      const m = med(w);
      const mad = med(w.map((v) => Math.abs(v - m)));
      const out = Math.abs(x[i]! - m) > t * 1.4826 * mad;
      y.push(out ? m : x[i]!);
      outliers.push(out ? 1 : 0);
    }
    return { y, outliers };
  }

  it.each([1, 2, 3, 7, 20])('equals the sorted-window definition, half-window %i (ties and plateaus included)', (k) => {
    const signals = [gaussian(400, k), gaussian(400, k + 100).map((v) => Math.round(v * 2) / 2 + 0), gaussian(9, k)]; // + 0: no −0
    for (const x of signals) {
      const ours = hampel(x, k, 2);
      const ref = naiveHampel(x, k, 2);
      expect(Array.from(ours.outliers)).toEqual(ref.outliers);
      expect(Array.from(ours.y)).toEqual(ref.y);
    }
  });

  it('replaces spikes by the local median, including at both ends, and leaves clean samples alone', () => {
    const x = gaussian(1000, 7, 0.1);
    const spikes = [0, 1, 250, 600, 998, 999];
    const spiky = Float64Array.from(x);
    for (const i of spikes) spiky[i]! += 5;
    const { y, outliers } = hampel(spiky, 10, 4);
    for (const i of spikes) expect(outliers[i], `spike at ${i}`).toBe(1);
    const flagged = outliers.reduce((a, b) => a + b, 0);
    expect(flagged).toBeLessThan(spikes.length + 10); // 4σ over 21 samples of Gaussian noise: < 1 % false alarms
    for (let i = 0; i < x.length; i++) {
      if (outliers[i] === 0) expect(y[i]).toBe(spiky[i]);
      else expect(Math.abs(y[i]!)).toBeLessThan(0.5);
    }
  });

  it('in a flat window (MAD = 0) any departure from the median is an outlier', () => {
    const { y, outliers } = hampel([1, 1, 1, 1, 1.001, 1, 1, 1], 3);
    expect(Array.from(outliers)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(y[4]).toBe(1);
    expect(hampel([], 3).y.length).toBe(0);
  });
});

describe('resampleLinear', () => {
  const ts = [1000, 1003, 1004.5, 1010, 1011];
  const line = ts.map((t) => 3 - 0.25 * t);

  it('reproduces a straight line at every grid point inside the data, exact at the samples', () => {
    const out = resampleLinear(ts, line, 1000, 0.5, 23);
    expect(out.length).toBe(23);
    out.forEach((v, j) => expect(v).toBeCloseTo(3 - 0.25 * (1000 + 0.5 * j), 12));
    expect(resampleLinear(ts, [1, 2, 3, 4, 5], 1003, 1, 1)[0]).toBe(2);
    expect(resampleLinear(ts, [1, 2, 3, 4, 5], 1011, 1, 1)[0]).toBe(5);
  });

  it('omits grid points before the first and after the last timestamp, and says which were kept', () => {
    const out = resampleLinear(ts, line, 990, 2, 20); // grid 990 … 1028
    expect(resampleGridRange(ts, 990, 2, 20)).toEqual({ first: 5, length: 6 }); // 1000 … 1010
    expect(Array.from(out)).toEqual(Array.from(resampleLinear(ts, line, 1000, 2, 6)));
    expect(resampleLinear(ts, line, 2000, 1, 5).length).toBe(0);
    expect(resampleLinear(ts, line, 900, 1, 50).length).toBe(0);
    expect(resampleLinear(ts, line, 1000, 1, 0).length).toBe(0);
    expect(resampleLinear([], [], 0, 1, 10).length).toBe(0);
  });

  it('interpolates between neighbours', () => {
    expect(Array.from(resampleLinear([0, 10, 20], [0, 100, 50], 5, 5, 4))).toEqual([50, 100, 75, 50]);
  });
});

describe('invalid arguments fail with a stable code', () => {
  const sos = butter(2, 10, 'lowpass', 100);

  it('butter', () => {
    for (const order of [0, 21, 2.5, NaN]) expectCode(() => butter(order, 10, 'lowpass', 100), 'FILTER_ORDER_INVALID');
    for (const cutoff of [0, -5, 50, 60, NaN, Infinity]) expectCode(() => butter(2, cutoff, 'lowpass', 100), 'FILTER_CUTOFF_INVALID');
    expectCode(() => butter(2, [30, 20], 'bandpass', 100), 'FILTER_CUTOFF_INVALID');
    expectCode(() => butter(2, [20, 20], 'bandstop', 100), 'FILTER_CUTOFF_INVALID');
    expectCode(() => butter(2, [10, 50], 'bandpass', 100), 'FILTER_CUTOFF_INVALID');
    expectCode(() => butter(2, 10, 'bandpass', 100), 'FILTER_CUTOFF_INVALID');
    expectCode(() => butter(2, [10, 20], 'lowpass', 100), 'FILTER_CUTOFF_INVALID');
    for (const fs of [0, -100, NaN, Infinity]) expectCode(() => butter(2, 10, 'lowpass', fs), 'FILTER_FS_INVALID');
    expectCode(() => butter(2, 10, 'notch' as FilterType, 100), 'FILTER_TYPE_INVALID');
  });

  it('sosfilt, sosfiltZi, sosfiltfilt', () => {
    expectCode(() => sosfilt(new Float64Array(5), [1]), 'FILTER_SOS_INVALID');
    expectCode(() => sosfilt(new Float64Array(0), [1]), 'FILTER_SOS_INVALID');
    expectCode(() => sosfilt(Float64Array.of(1, 0, 0, 2, 0, 0), [1]), 'FILTER_SOS_INVALID');
    expectCode(() => sosfiltZi(Float64Array.of(1, NaN, 0, 1, 0, 0)), 'FILTER_SOS_INVALID');
    expectCode(() => sosfiltZi(Float64Array.of(1, 0, 0, 1, -2, 1)), 'FILTER_SOS_INVALID'); // double pole at z = 1
    expectCode(() => sosfilt(sos, [1, NaN, 3]), 'FILTER_INPUT_INVALID');
    expectCode(() => sosfilt(sos, [1], new Float64Array(3)), 'FILTER_STATE_INVALID');
    expectCode(() => sosfilt(sos, [1], Float64Array.of(0, Infinity)), 'FILTER_STATE_INVALID');
    expectCode(() => sosfiltfilt(sos, new Float64Array(9)), 'FILTER_INPUT_INVALID'); // padlen 3·(2·1 + 1) = 9
    expect(sosfiltfilt(sos, new Float64Array(10)).length).toBe(10);
    expectCode(() => sosfiltfilt(sos, new Float64Array(50), { padlen: 50 }), 'FILTER_INPUT_INVALID');
    expectCode(() => sosfiltfilt(sos, new Float64Array(50), { padtype: 'zero' as 'odd' }), 'FILTER_PADDING_INVALID');
    expectCode(() => sosfiltfilt(sos, new Float64Array(50), { padlen: -1 }), 'FILTER_PADDING_INVALID');
    expectCode(() => sosfiltfilt(sos, new Float64Array(50), { padlen: 1.5 }), 'FILTER_PADDING_INVALID');
  });

  it('detrend, hampel, resampleLinear', () => {
    expectCode(() => detrend([]), 'FILTER_INPUT_INVALID');
    expectCode(() => detrend([1, Infinity]), 'FILTER_INPUT_INVALID');
    expectCode(() => detrend([1, 2], 'quadratic' as 'linear'), 'FILTER_TYPE_INVALID');
    for (const k of [0, -1, 1.5]) expectCode(() => hampel([1, 2, 3], k), 'FILTER_WINDOW_INVALID');
    for (const t of [-1, NaN]) expectCode(() => hampel([1, 2, 3], 1, t), 'FILTER_WINDOW_INVALID');
    expectCode(() => hampel([1, NaN, 3], 1), 'FILTER_INPUT_INVALID');
    expectCode(() => resampleLinear([0, 1, 2], [1, 2], 0, 1, 3), 'FILTER_INPUT_INVALID');
    expectCode(() => resampleLinear([0, 1, 2], [1, NaN, 3], 0, 1, 3), 'FILTER_INPUT_INVALID');
    expectCode(() => resampleLinear([0, 2, 1], [1, 2, 3], 0, 1, 3), 'FILTER_GRID_INVALID');
    expectCode(() => resampleLinear([0, 1, 1], [1, 2, 3], 0, 1, 3), 'FILTER_GRID_INVALID');
    expectCode(() => resampleLinear([0, NaN], [1, 2], 0, 1, 3), 'FILTER_GRID_INVALID');
    for (const period of [0, -1, NaN]) expectCode(() => resampleLinear([0, 1], [1, 2], 0, period, 3), 'FILTER_GRID_INVALID');
    expectCode(() => resampleLinear([0, 1], [1, 2], NaN, 1, 3), 'FILTER_GRID_INVALID');
    expectCode(() => resampleLinear([0, 1], [1, 2], 0, 1, -1), 'FILTER_GRID_INVALID');
    expectCode(() => resampleLinear([0, 1], [1, 2], 0, 1, 2.5), 'FILTER_GRID_INVALID');
  });
});
