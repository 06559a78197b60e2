import type { SensorDataPayload } from '@vigie/contracts';
import type { Reading } from '@vigie/plant-simulator';

/**
 * Groups a source's readings into one sensor-data batch per sensor, samples in time order. The event id is derived
 * from the batch content so a batch re-sent after a publish failure is recognisably the same event.
 */
export function batchReadings(readings: readonly Reading[]): { id: string; data: SensorDataPayload }[] {
  const bySensor = new Map<string, Reading[]>();
  for (const r of readings) {
    const list = bySensor.get(r.sensorId);
    if (list) list.push(r);
    else bySensor.set(r.sensorId, [r]);
  }
  const out: { id: string; data: SensorDataPayload }[] = [];
  for (const [sensorId, list] of bySensor) {
    list.sort((a, b) => a.ts - b.ts);
    for (let i = 0; i < list.length; i += 10_000) {
      const chunk = list.slice(i, i + 10_000);
      const first = chunk[0]!;
      const last = chunk[chunk.length - 1]!;
      out.push({
        id: `sd:${sensorId}:${first.ts}:${last.ts}:${chunk.length}`,
        data: {
          assetId: first.assetId,
          sensorId,
          unit: first.unit,
          samples: chunk.map((r) => ({ ts: r.ts, value: r.value, quality: r.quality })),
        },
      });
    }
  }
  return out;
}
