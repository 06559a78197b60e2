import { parentPort, workerData } from 'node:worker_threads';
import { isMlError, type UnitSeries } from '@vigie/ml';
import { fitRulModel, type RulFitParams } from '../domain/rul-gbdt-model';

/** Messages of the fitting thread: a boosting round, the fitted model, or the failure. */
export type FitMessage =
  | { type: 'round'; round: number; of: number }
  | { type: 'done'; result: ReturnType<typeof fitRulModel> }
  | { type: 'error'; code: string; message: string };

export interface FitInput {
  source: string;
  units: UnitSeries[];
  params: RulFitParams;
}

// Runs in a worker thread: fitting is synchronous CPU work, and the service's event loop must keep answering
// (health, progress reads, cancel) meanwhile. Cancel terminates the thread.
const input = workerData as FitInput;
const post = (m: FitMessage) => parentPort!.postMessage(m);
try {
  const result = fitRulModel(input.source, input.units, input.params, (round, of) => post({ type: 'round', round, of }));
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'error', code: isMlError(error) ? error.code : 'INTERNAL', message: (error as Error).message });
}
