import { describe, expect, it } from 'vitest';
import { dwt, dwtMaxLevel, filterBank, idwt, waveletLevelFeatures, waveletPacketEnergies, wavedec, waverec } from '../src';

const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i / 7) + 0.2 * Math.cos(i * 1.3) + ((i * 37) % 11) / 11);

describe('wavelet filter banks', () => {
  // pywt's own sym4 table is exact to ≈1e-12 only, so the identities are checked to 1e-10.
  it.each(['db1', 'db4', 'sym4'] as const)('%s is orthonormal: Σh² = 1, Σh = √2, Σg = 0', (name) => {
    const b = filterBank(name);
    expect(b.decLo.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 10);
    expect(b.decLo.reduce((s, v) => s + v, 0)).toBeCloseTo(Math.SQRT2, 10);
    expect(b.decHi.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 10);
  });

  it('uses pywt.dwt_max_level: ⌊log2(N/(L−1))⌋', () => {
    expect(dwtMaxLevel(1000, 8)).toBe(7);
    expect(dwtMaxLevel(1024, 2)).toBe(10);
    expect(dwtMaxLevel(5, 8)).toBe(0);
  });
});

describe('DWT', () => {
  it.each(['db1', 'db4', 'sym4'] as const)('%s reconstructs perfectly (single level and wavedec/waverec)', (name) => {
    const [cA, cD] = dwt(x, name);
    expect(cA.length).toBe(Math.floor((1000 + filterBank(name).decLo.length - 1) / 2));
    const y = idwt(cA, cD, name);
    for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]!, 12);
    const z = waverec(wavedec(x, name), name);
    expect(z.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) expect(z[i]).toBeCloseTo(x[i]!, 11);
  });

  it('haar of [1, 2, 3, 4] is ((1+2)/√2, (3+4)/√2) and ((1−2)/√2, (3−4)/√2)', () => {
    const [cA, cD] = dwt([1, 2, 3, 4], 'haar');
    expect(Array.from(cA)).toEqual([3 / Math.SQRT2, 7 / Math.SQRT2].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(cD)).toEqual([-1 / Math.SQRT2, -1 / Math.SQRT2].map((v) => expect.closeTo(v, 14)));
  });

  it('keeps energy across levels for haar on a length 2^k signal, and packet energies sum to it', () => {
    const y = x.subarray(0, 512);
    const total = y.reduce((s, v) => s + v * v, 0);
    const { energy, relativeEnergy } = waveletLevelFeatures(wavedec(y, 'haar', 4));
    expect(energy.reduce((s, v) => s + v, 0)).toBeCloseTo(total, 9);
    expect(relativeEnergy.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(waveletPacketEnergies(y, 'haar', 3).reduce((s, v) => s + v, 0)).toBeCloseTo(total, 9);
  });

  it('gives a level whose energy sits in one coefficient zero entropy', () => {
    expect(waveletLevelFeatures([Float64Array.of(0, 3, 0, 0)]).entropy[0]).toBe(0);
    expect(waveletLevelFeatures([Float64Array.of(1, 1, 1, 1)]).entropy[0]).toBeCloseTo(Math.log(4), 14);
  });
});
