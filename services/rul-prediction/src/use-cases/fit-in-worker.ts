import { Worker } from 'node:worker_threads';
import { AppError, workerExecArgv } from '@vigie/service-kit';
import type { FitInput, FitMessage } from './fit-rul-model.worker';

export type FitResult = Extract<FitMessage, { type: 'done' }>['result'];

/**
 * Fits the RUL model in a worker thread. `onRound` hears each boosting round; aborting `signal` terminates the thread
 * and rejects with the signal's reason. An ML_BAD_INPUT of the data becomes TRAINING_DATA_MISSING (422).
 */
export function fitInWorker(input: FitInput, onRound: (round: number, of: number) => void, signal: AbortSignal): Promise<FitResult> {
  return new Promise<FitResult>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const worker = new Worker(new URL('./fit-rul-model.worker.ts', import.meta.url), { workerData: input, execArgv: workerExecArgv() });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      void worker.terminate();
      fn();
    };
    const abort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', abort, { once: true });
    worker.on('message', (m: FitMessage) => {
      if (settled) return; // rounds posted before the thread was terminated
      if (m.type === 'round') onRound(m.round, m.of);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else
        settle(() =>
          reject(m.code === 'ML_BAD_INPUT' ? new AppError('TRAINING_DATA_MISSING', m.message) : new Error(`${m.code}: ${m.message}`)),
        );
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the fitting thread exited with code ${code}`))));
  });
}
