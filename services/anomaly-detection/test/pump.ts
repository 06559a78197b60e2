import { seededRandom } from '@vigie/service-kit-testing';
import type { ExtractedFeaturesPayload } from '@vigie/contracts';
import type { AssetVector } from '../src/domain/asset-model';

export const SPEEDS = [0.9, 1, 1.05];
export const WINDOW = 300_000;

/** A VFD pump's windows: 1× vibration ∝ speed³, current and flow ∝ load, temperature slow; noise on everything. */
export function pumpVectors(
  n: number,
  seed: number,
  speedAt: (i: number) => number,
  amplitudeFactor: (i: number) => number = () => 1,
  asset = 'P',
): AssetVector[] {
  const rnd = seededRandom(seed);
  const noise = (sd: number): number => sd * (rnd() + rnd() + rnd() - 1.5) * 2;
  return Array.from({ length: n }, (_, i) => {
    const speed = speedAt(i);
    const load = speed ** 2 * (1 + noise(0.02));
    const s = (mean: number, std: number): Record<string, number> => ({ mean, std: Math.abs(std) });
    return {
      windowEnd: (i + 1) * WINDOW,
      sensors: {
        [`${asset}.speed`]: s(1480 * speed + noise(2), 3 + noise(0.3)),
        [`${asset}.amplitude_1x`]: s(2 * speed ** 3 * amplitudeFactor(i) * (1 + noise(0.02)), 0.1 + noise(0.01)),
        [`${asset}.current`]: s(40 * load + noise(0.3), 0.5 + noise(0.05)),
        [`${asset}.flow`]: s(120 * load + noise(0.8), 2 + noise(0.2)),
        [`${asset}.temperature`]: s(55 + noise(0.2), 0.1 + noise(0.01)),
      },
    };
  });
}
/** Speed setpoint stepping every 12 windows (an hour) through the three levels. */
export const stepping = (i: number): number => SPEEDS[Math.floor(i / 12) % 3]!;

/** The per-sensor feature windows of asset vectors, as feature-extraction publishes them (window i spans [i·W, (i+1)·W)). */
export function windowsOf(assetId: string, vectors: readonly AssetVector[], shiftWindows = 0): ExtractedFeaturesPayload[] {
  return vectors
    .map((v) => ({ ...v, windowEnd: v.windowEnd + shiftWindows * WINDOW }))
    .flatMap((v) =>
      Object.entries(v.sensors).map(([sensorId, features]) => ({
        assetId,
        sensorId,
        unit: '1',
        windowStart: v.windowEnd - WINDOW,
        windowEnd: v.windowEnd,
        sampleCount: 25,
        firstSampleTs: v.windowEnd - WINDOW,
        lastSampleTs: v.windowEnd - 1,
        features,
      })),
    );
}
