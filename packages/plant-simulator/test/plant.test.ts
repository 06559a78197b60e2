import { describe, expect, it } from 'vitest';
import { createPlant, type Reading } from '../src/index';

const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const HOUR = 3_600_000;

const bySensor = (readings: Reading[]): Map<string, Reading[]> => {
  const map = new Map<string, Reading[]>();
  for (const r of readings) map.set(r.sensorId, [...(map.get(r.sensorId) ?? []), r]);
  return map;
};

describe('createPlant', () => {
  it('describes four assets with unique, well-formed sensor ids', () => {
    const catalog = createPlant({ startTime: START }).catalog();
    expect(catalog.map((a) => a.id)).toEqual(['P-101', 'P-102', 'M-201', 'F-301']);
    const sensors = catalog.flatMap((a) => a.sensors.map((s) => ({ asset: a.id, ...s })));
    expect(new Set(sensors.map((s) => s.id)).size).toBe(sensors.length);
    for (const s of sensors) {
      expect(s.id).toBe(`${s.asset}.${s.kind}`);
      expect(s.min).toBeLessThan(s.max);
    }
    for (const asset of catalog) expect(asset.sensors.length).toBeGreaterThanOrEqual(3);
  });

  it('replays identically for the same seed, whatever the step chunking', () => {
    const once = createPlant({ seed: 7, startTime: START }).step(START + 6 * HOUR);
    const chunked = createPlant({ seed: 7, startTime: START });
    const pieces: Reading[] = [];
    for (let t = START; t < START + 6 * HOUR; t += 37_000 + (t % 11) * 1000) pieces.push(...chunked.step(t));
    pieces.push(...chunked.step(START + 6 * HOUR));
    const sortKey = (r: Reading) => `${r.ts}:${r.sensorId}`;
    expect([...pieces].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      [...once].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
    const other = createPlant({ seed: 8, startTime: START }).step(START + 6 * HOUR);
    expect(other.map((r) => r.value)).not.toEqual(once.map((r) => r.value));
  });

  it('samples each sensor at samplingHz of simulated time, in timestamp order', () => {
    const plant = createPlant({ startTime: START });
    const readings = plant.step(START + HOUR);
    const groups = bySensor(readings);
    expect(groups.size).toBe(15);
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

  it('keeps readings within sensor ranges and healthy assets near nominal', () => {
    const plant = createPlant({ startTime: START, samplingHz: 1 / 6 });
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
    expect(readings.filter((r) => r.assetId !== 'P-101').every((r) => r.quality === 'good')).toBe(true);
  });
});
