import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/use-api';
import { ACTIVE_POLL_MS, anyActive, mergeJobs } from './job-progress';
import { anomalyModelsFromJobs, groupRulModels, lastTrainParams, sourceWindows, trainingSources } from './model-rows';
import {
  ANOMALY_JOBS_PATH,
  RUL_JOBS_PATH,
  RUL_MODELS_PATH,
  type AnomalyJobsAnswer,
  type RulJobsAnswer,
  type RulModelsAnswer,
} from './model-types';

/** Without an active job, the lists still refresh now and then so jobs started elsewhere appear. */
export const IDLE_POLL_MS = 15_000;

/**
 * The models page's data: RUL models, both job lists (polled every 2 s while a job is queued or running) and the
 * anomaly versions those jobs registered. When the last active job ends, the RUL models are read again (a finished
 * job may have registered, or promoted, a version).
 */
export function useModelsData() {
  const rulModels = useApi<RulModelsAnswer>(RUL_MODELS_PATH);
  const [polledActive, setPolledActive] = useState(false);
  const poll = polledActive ? ACTIVE_POLL_MS : IDLE_POLL_MS;
  const rulJobs = useApi<RulJobsAnswer>(RUL_JOBS_PATH, poll);
  const anomalyJobs = useApi<AnomalyJobsAnswer>(ANOMALY_JOBS_PATH, poll);

  const jobs = useMemo(() => mergeJobs(rulJobs.data?.jobs ?? [], anomalyJobs.data?.jobs ?? []), [rulJobs.data, anomalyJobs.data]);
  const active = anyActive(jobs);
  const reloadModels = rulModels.reload;
  useEffect(() => {
    if (active === polledActive) return;
    if (!active) reloadModels();
    setPolledActive(active);
  }, [active, polledActive, reloadModels]);

  const rulGroups = useMemo(() => groupRulModels(rulModels.data?.models ?? []), [rulModels.data]);
  const anomalyGroups = useMemo(() => anomalyModelsFromJobs(anomalyJobs.data?.jobs ?? []), [anomalyJobs.data]);
  const sources = useMemo(
    () =>
      trainingSources(
        rulGroups,
        (rulJobs.data?.jobs ?? []).map((j) => j.source),
      ),
    [rulGroups, rulJobs.data],
  );
  const lastParams = useMemo(() => lastTrainParams(rulJobs.data?.jobs ?? []), [rulJobs.data]);
  const windows = useMemo(() => sourceWindows(rulGroups), [rulGroups]);
  const reloadJobs = () => {
    rulJobs.reload();
    anomalyJobs.reload();
  };
  return { rulModels, rulJobs, anomalyJobs, jobs, active, rulGroups, anomalyGroups, sources, lastParams, windows, reloadJobs };
}
