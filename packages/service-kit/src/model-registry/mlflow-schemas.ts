import { z } from 'zod';

/**
 * The parts of MLflow's REST responses (API 2.0, checked against MLflow 3.17) that MlflowModelRegistry reads. MLflow
 * omits empty lists and prints 64-bit integers as JSON numbers (strings in strict protobuf JSON): both are accepted.
 */

const int64 = z.union([z.number(), z.string()]).transform(Number);
const keyValues = z
  .array(z.object({ key: z.string(), value: z.string() }))
  .optional()
  .transform((pairs) => Object.fromEntries((pairs ?? []).map(({ key, value }) => [key, value])));

export const experimentResponse = z.object({
  experiment: z.object({
    experiment_id: z.string(),
    name: z.string(),
    artifact_location: z.string(),
    lifecycle_stage: z.string(),
  }),
});

export const createExperimentResponse = z.object({ experiment_id: z.string() });

export const runInfo = z.object({
  run_id: z.string(),
  experiment_id: z.string(),
  status: z.enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']),
  start_time: int64,
  end_time: int64.optional(),
  artifact_uri: z.string(),
});

export const runResponse = z.object({
  run: z.object({
    info: runInfo,
    data: z
      .object({
        // A metric logged as NaN or ±Infinity by another client arrives as a string: it has no usable value.
        metrics: z.array(z.object({ key: z.string(), value: z.union([z.number(), z.string()]) })).optional(),
        params: keyValues,
        tags: keyValues,
      })
      .optional(),
  }),
});
export type MlflowRun = z.output<typeof runResponse>['run'];

export const modelVersion = z.object({
  name: z.string(),
  version: int64,
  creation_timestamp: int64,
  source: z.string(),
  run_id: z.string().optional(),
  tags: keyValues,
  aliases: z.array(z.string()).optional(),
});
export type MlflowModelVersion = z.output<typeof modelVersion>;

export const modelVersionResponse = z.object({ model_version: modelVersion });

export const searchModelVersionsResponse = z.object({
  model_versions: z.array(modelVersion).optional(),
  next_page_token: z.string().optional(),
});

export const registeredModelResponse = z.object({
  registered_model: z.object({
    name: z.string(),
    aliases: z.array(z.object({ alias: z.string(), version: int64 })).optional(),
  }),
});

export const artifactListResponse = z.object({
  files: z.array(z.object({ path: z.string(), is_dir: z.boolean().optional() })).optional(),
});

/** Endpoints that answer `{}`. */
export const emptyResponse = z.object({});
