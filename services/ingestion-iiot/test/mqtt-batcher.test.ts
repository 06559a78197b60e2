import { describe, expect, it } from 'vitest';
import type { Reading } from '@vigie/plant-simulator';
import { createReadingBatcher } from '../src/sources/mqtt-batcher';

const reading = (i: number): Reading => ({ assetId: 'P-101', sensorId: 'P-101.vibration', ts: i, value: i, unit: 'mm/s', quality: 'good' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reading batcher', () => {
  it('sends a full batch at once and the rest after the interval, in order', async () => {
    const batches: number[][] = [];
    const b = createReadingBatcher({ deliver: (x) => { batches.push(x.map((r) => r.ts)); }, onError: () => undefined, flushIntervalMs: 50, maxBatch: 3 });
    b.push([0, 1, 2, 3, 4].map(reading));
    await sleep(0);
    expect(batches).toEqual([[0, 1, 2]]);
    await sleep(80);
    expect(batches).toEqual([[0, 1, 2], [3, 4]]);
  });

  it('keeps order behind a slow async consumer and survives a failing one', async () => {
    const got: number[] = [];
    const errors: number[] = [];
    const b = createReadingBatcher({
      deliver: async (x) => {
        await sleep(x[0]!.ts === 0 ? 30 : 0);
        if (x[0]!.ts === 2) throw new Error('bus down');
        got.push(...x.map((r) => r.ts));
      },
      onError: (_e, size) => errors.push(size),
      flushIntervalMs: 1000,
      maxBatch: 2,
    });
    b.push([0, 1, 2, 3, 4, 5].map(reading));
    await b.drain();
    expect(got).toEqual([0, 1, 4, 5]);
    expect(errors).toEqual([2]);
  });
});
