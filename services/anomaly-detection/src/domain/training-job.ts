import type { z } from 'zod';
import type { AnomalyTrainedModel, AnomalyTrainingJob, AnomalyTrainingJobStatus } from '@vigie/contracts';

/** A training job as the API reports it (the contract's shape). */
export type TrainingJob = z.infer<typeof AnomalyTrainingJob>;
export type TrainingJobStatus = z.infer<typeof AnomalyTrainingJobStatus>;
export type TrainedModel = z.infer<typeof AnomalyTrainedModel>;

/** Registry model of an asset's baselines. Registry names allow `A-Z a-z 0-9 _ . -`; asset ids may also hold `:`. */
export function registryModelName(assetId: string): string {
  return `anomaly-${assetId.replaceAll(':', '_')}`;
}

/** The job ran but a newer state (cancel, restart) took it over: stop quietly, write nothing more. */
export class JobAbandoned extends Error {
  constructor(readonly reason: 'cancelled' | 'lost') {
    super(`training job ${reason}`);
    this.name = 'JobAbandoned';
  }
}
