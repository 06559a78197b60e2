import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply } from '@vigie/service-kit';
import { planMilp, type MilpOptions, type OptimizedPlan } from '../domain/milp-planning';
import type { PlanJob, PlanTechnician } from '../domain/planning';

export interface PlanMilpInput {
  jobs: PlanJob[];
  technicians: PlanTechnician[];
  from: Date;
  to: Date;
  options: MilpOptions;
}

// Runs in a worker thread (service-kit runWorker): the HiGHS solve is synchronous for up to its time limit, and the
// event loop it would block is every embedded service's.
const input = workerData as PlanMilpInput;
const post = (m: WorkerReply<OptimizedPlan>) => parentPort!.postMessage(m);
planMilp(input.jobs, input.technicians, input.from, input.to, input.options).then(
  (result) => post({ type: 'done', result }),
  (error: unknown) => post({ type: 'error', code: 'PLANNING_FAILED', message: (error as Error).message }),
);
