import { describe, expect, it } from 'vitest';
import { runWorker, WorkerError } from '../src/worker';

const BUSY = new URL('./fixtures/busy.worker.ts', import.meta.url);

describe('runWorker', () => {
  it('resolves with the reply (Dates survive) while this thread keeps running', async () => {
    let ticks = 0;
    let maxGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const result = await runWorker<object, { spins: number; at: Date }>(BUSY, { ms: 1500, outcome: 'done' });
    clearInterval(timer);
    expect(result.spins).toBeGreaterThan(0);
    expect(result.at).toBeInstanceOf(Date);
    // Spinning in this thread would give one tick and a 1.5 s gap.
    expect(ticks).toBeGreaterThan(20);
    expect(maxGap).toBeLessThan(1000);
  });

  it("rejects with the worker's code when it replies with an error, and WORKER_EXITED when it dies silently", async () => {
    await expect(runWorker(BUSY, { ms: 0, outcome: 'error' })).rejects.toMatchObject({ name: 'WorkerError', code: 'FIXTURE_FAILED' });
    const exited = await runWorker(BUSY, { ms: 0, outcome: 'exit' }).catch((e: unknown) => e);
    expect(exited).toBeInstanceOf(WorkerError);
    expect(exited).toMatchObject({ code: 'WORKER_EXITED' });
  });
});
