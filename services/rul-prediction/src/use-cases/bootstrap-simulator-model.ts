import { CHAMPION_ALIAS, isModelRegistryError, type JobQueue, type ModelRegistry } from '@vigie/service-kit';
import type { TrainingSeriesRepository } from '../adapters/training-series-repository';
import { registryModelName, type QueuedRulJob, type RulTrainedModelView } from '../domain/rul-job';
import { importSimulator, type SimulatorImport } from './import-training-data';

export interface SimulatorBootstrap {
  source: string;
  simulator: SimulatorImport;
  train: QueuedRulJob['params'];
}

export type BootstrapOutcome = 'champion-exists' | 'job-pending' | 'job-queued';

/**
 * The demo's trained RUL model without an operator: when `rul-<source>` has no champion, imports the simulator's
 * run-to-failure histories as the source (unless already there) and queues one training job (unless one is queued or
 * running for the source). Idempotent across restarts: once a champion exists it does nothing; a job a restart
 * interrupted is queued again.
 */
export async function bootstrapSimulatorModel(
  deps: { series: TrainingSeriesRepository; jobs: JobQueue<QueuedRulJob['params'], RulTrainedModelView[]>; registry: ModelRegistry },
  o: SimulatorBootstrap,
): Promise<BootstrapOutcome> {
  const champion = await deps.registry.getVersionByAlias(registryModelName(o.source), CHAMPION_ALIAS).then(
    () => true,
    (error: unknown) => {
      if (isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) return false;
      throw error;
    },
  );
  if (champion) return 'champion-exists';
  if (!(await deps.series.rowsOf(o.source))) await importSimulator(deps.series, o.source, o.simulator);
  const { jobs } = await deps.jobs.list(50);
  if (jobs.some((j) => j.subject === o.source && (j.status === 'queued' || j.status === 'running'))) return 'job-pending';
  await deps.jobs.enqueue(o.source, o.train);
  return 'job-queued';
}
