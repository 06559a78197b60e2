import { Worker } from 'node:worker_threads';

/** The TypeScript loader a worker thread needs: inherited when this process has one (`node --import tsx`), else added. */
export function workerExecArgv(): string[] {
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  return hasTsx ? [...process.execArgv] : [...process.execArgv, '--import', 'tsx'];
}

/** What a one-shot worker posts back: its result, or the error it caught. */
export type WorkerReply<R> = { type: 'done'; result: R } | { type: 'error'; code: string; message: string };

/** A one-shot worker's failure, with the code it reported (or WORKER_EXITED when it died without replying). */
export class WorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

/**
 * Runs the worker module `module` once with `input` as its workerData (structured clone: plain data, Dates, Maps) and
 * resolves with the result of its `{ type: 'done' }` reply. CPU-bound work belongs there: in the embedded profile every
 * service shares one event loop, which must keep serving while a solver or a fit runs. An `{ type: 'error' }` reply,
 * a crash or an exit without a reply rejects with a WorkerError; the thread is terminated either way.
 */
export function runWorker<I, R>(module: URL, input: I): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const worker = new Worker(module, { workerData: input, execArgv: workerExecArgv() });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on('message', (m: WorkerReply<R>) => {
      if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(new WorkerError(m.code, m.message)));
    });
    worker.on('error', (err) => settle(() => reject(new WorkerError('WORKER_CRASHED', err.message))));
    worker.on('exit', (code) =>
      settle(() => reject(new WorkerError('WORKER_EXITED', `the worker thread exited with code ${code} without replying`))),
    );
  });
}
