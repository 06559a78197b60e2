import { describe, expect, it } from 'vitest';
import { parseCmapss } from '@vigie/ml';
import { fitInWorker } from '../src/use-cases/fit-in-worker';
import { cmapssText, firstUnits } from './cmapss';

const units = parseCmapss(firstUnits(cmapssText('train_FD001.txt'), 8));
const params = {
  level: 0.9,
  window: 30,
  cap: 125,
  rounds: 5000,
  learningRate: 0.005,
  maxDepth: 4,
  earlyStoppingRounds: 5000,
  stride: 4,
  members: 5,
  seed: 0,
};

describe('fitInWorker', () => {
  it('reports rounds from the thread, and an abort terminates it: no round is heard after', async () => {
    const rounds: number[] = [];
    const abort = new AbortController();
    const fit = fitInWorker({ source: 'w', units, params }, (round) => rounds.push(round), abort.signal);
    await expect.poll(() => rounds.length, { timeout: 60_000 }).toBeGreaterThan(3);
    abort.abort(new Error('stop'));
    await expect(fit).rejects.toThrow('stop');
    const heard = rounds.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(rounds.length).toBe(heard);
    expect(rounds.slice(0, 3)).toEqual([0, 1, 2]);
  }, 120_000);

  it('turns bad training data into TRAINING_DATA_MISSING', async () => {
    const fit = fitInWorker(
      { source: 'w', units: units.slice(0, 2), params: { ...params, rounds: 5 } },
      () => undefined,
      new AbortController().signal,
    );
    await expect(fit).rejects.toMatchObject({ code: 'TRAINING_DATA_MISSING', message: expect.stringMatching(/3 or more/) });
  }, 60_000);
});
