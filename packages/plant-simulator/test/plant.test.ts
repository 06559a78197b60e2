import { describe, expect, it } from 'vitest';
import { ASSET_TYPES, createPlant, SENSOR_TEMPLATES, type Reading } from '../src/index';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const HOUR = 3_600_000;

const bySensor = (readings: Reading[]): Map<string, Reading[]> => {
  const map = new Map<string, Reading[]>();
  for (const r of readings) map.set(r.sensorId, [...(map.get(r.sensorId) ?? []), r]);
  return map;
};

describe('createPlant', () => {
  it('describes at least 12 assets of at least 5 types, placed site → area → line, with unique sensor ids', () => {
    const catalog = createPlant({ startTime: START }).catalog();
    expect(catalog.length).toBeGreaterThanOrEqual(12);
    expect(new Set(catalog.map((a) => a.type)).size).toBeGreaterThanOrEqual(5);
    expect(catalog.map((a) => a.id)).toEqual(expect.arrayContaining(['P-101', 'P-102', 'M-201', 'F-301']));
    const sensors = catalog.flatMap((a) => a.sensors.map((s) => ({ asset: a.id, ...s })));
    expect(new Set(sensors.map((s) => s.id)).size).toBe(sensors.length);
    for (const s of sensors) {
      expect(s.id).toBe(`${s.asset}.${s.kind}`);
      expect(s.min).toBeLessThan(s.max);
    }
    for (const asset of catalog) {
      expect(ASSET_TYPES).toContain(asset.type);
      expect(asset.sensors.map((s) => s.kind)).toEqual(SENSOR_TEMPLATES[asset.type]);
      expect([asset.site, asset.area, asset.line].every((x) => x.length > 0)).toBe(true);
      expect(asset.location.lat).toBeCloseTo(45.73, 1);
    }
  });

  it('replays identically for the same seed, whatever the step chunking', () => {
    const once = createPlant({ seed: 7, startTime: START }).step(START + 3 * HOUR);
    const chunked = createPlant({ seed: 7, startTime: START });
    const pieces: Reading[] = [];
    for (let t = START; t < START + 3 * HOUR; t += 37_000 + (t % 11) * 1000) pieces.push(...chunked.step(t));
    pieces.push(...chunked.step(START + 3 * HOUR));
    const sortKey = (r: Reading) => `${r.ts}:${r.sensorId}`;
    expect([...pieces].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      [...once].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
    const other = createPlant({ seed: 8, startTime: START }).step(START + 3 * HOUR);
    expect(other.map((r) => r.value)).not.toEqual(once.map((r) => r.value));
  });

  it('gives a subset of assets the very same values as the full plant', () => {
    const full = createPlant({ seed: 3, startTime: START }).step(START + HOUR).filter((r) => r.assetId === 'F-301');
    const subset = createPlant({ seed: 3, startTime: START, assets: ['F-301'] });
    expect(subset.catalog().map((a) => a.id)).toEqual(['F-301']);
    expect(subset.step(START + HOUR)).toEqual(full);
    expect(() => createPlant({ assets: ['X-999'] })).toThrow(/unknown asset X-999/);
  });

  it('samples each sensor at samplingHz of simulated time, in timestamp order', () => {
    const plant = createPlant({ startTime: START });
    const readings = plant.step(START + HOUR);
    const groups = bySensor(readings);
    expect(groups.size).toBe(plant.catalog().flatMap((a) => a.sensors).length);
    for (const series of groups.values()) {
      expect(series).toHaveLength(3600 / 12 + 1); // both ends included
      for (let i = 1; i < series.length; i++) expect(series[i]!.ts - series[i - 1]!.ts).toBe(12_000);
    }
    for (let i = 1; i < readings.length; i++) expect(readings[i]!.ts).toBeGreaterThanOrEqual(readings[i - 1]!.ts);
    expect(plant.simTime()).toBe(START + HOUR);
    expect(plant.step(START + HOUR)).toEqual([]);
    const fast = createPlant({ startTime: START, samplingHz: 2 }).step(START + 10_000);
    expect(fast.filter((r) => r.sensorId === 'M-201.speed')).toHaveLength(21);
  });

  it('hands every batch to listeners and keeps the latest reading of each sensor', () => {
    const plant = createPlant({ startTime: START });
    const seen: Reading[] = [];
    const unsubscribe = plant.onReadings((batch) => seen.push(...batch));
    const first = plant.step(START + 60_000);
    expect(seen).toEqual(first);
    expect(plant.latest('P-101.vibration')).toEqual(first.filter((r) => r.sensorId === 'P-101.vibration').at(-1));
    unsubscribe();
    plant.step(START + 120_000);
    expect(seen).toHaveLength(first.length);
  });

  it('keeps readings within sensor ranges and healthy assets near nominal', () => {
    const plant = createPlant({ startTime: START, samplingHz: 1 / 30 });
    const readings = plant.step(START + 24 * HOUR);
    const specs = new Map(plant.catalog().flatMap((a) => a.sensors.map((s) => [s.id, s])));
    const outOfSpec = readings.filter((r) => {
      const spec = specs.get(r.sensorId)!;
      return r.unit !== spec.unit || (r.value !== null && (r.value < spec.min || r.value > spec.max));
    });
    expect(outOfSpec).toEqual([]);
    const vib = readings.filter((r) => r.sensorId === 'P-102.vibration').map((r) => r.value!);
    const mean = vib.reduce((a, b) => a + b, 0) / vib.length;
    expect(mean).toBeGreaterThan(2.0);
    expect(mean).toBeLessThan(2.6);
    const degrading = new Set(plant.failures().map((f) => f.assetId));
    expect(degrading).toEqual(new Set(['P-101', 'F-302']));
    expect(readings.filter((r) => !degrading.has(r.assetId)).every((r) => r.quality === 'good')).toBe(true);
  });

  it('steps the operating point of variable-speed assets and leaves base-duty pumps alone', () => {
    const plant = createPlant({ startTime: START, samplingHz: 1 / 60 });
    const readings = plant.step(START + 24 * HOUR);
    const speeds = readings.filter((r) => r.sensorId === 'F-301.speed').map((r) => r.value!);
    // VFD setpoints 0.9 / 1 / 1.05 of 990 rpm: distinct plateaus, not one band of noise.
    expect(Math.min(...speeds)).toBeLessThan(0.93 * 990);
    expect(Math.max(...speeds)).toBeGreaterThan(1.03 * 990);
    const flow = readings.filter((r) => r.sensorId === 'P-102.flow').map((r) => r.value!);
    expect(Math.max(...flow) / Math.min(...flow)).toBeLessThan(1.5);
  });
});
