import type { ProcessRequest, ProcessResponse } from '@vigie/contracts';
import { AppError } from '@vigie/service-kit';
import type { z } from 'zod';
import { mergeReports } from '../domain/merge-reports';
import { PreprocessingConfigError, resolveOptions, type PipelineRules } from '../domain/options';
import { SensorPipeline } from '../domain/sensor-pipeline';

/**
 * POST /process: the streaming pipeline's code on one posted batch, from a fresh state and flushed at the end
 * (nothing is published or stored). The sensor's configured options apply, overridden by `config` (and the older
 * `range`). A configuration that cannot run answers 400 VALIDATION_FAILED with the issues (and the filter's code).
 */
export function processPostedBatch(rules: PipelineRules, body: z.infer<typeof ProcessRequest>): z.infer<typeof ProcessResponse> {
  const { range, config, ...batch } = body;
  const pipeline = new SensorPipeline(configError(() => resolveOptions(rules, batch, { ...config, ...(range ? { range } : {}) })));
  const first = pipeline.push(batch.samples);
  const rest = pipeline.flush();
  const report = mergeReports([first.report, rest.report]);
  const filter = report.operations.find((o) => o.op === 'butterworth');
  if (typeof filter?.params.error === 'string') {
    throw invalid([
      { path: 'config.butterworth', message: `cannot filter at ${String(filter.params.fs)} Hz sampling`, code: filter.params.error },
    ]);
  }
  const samples = [...first.samples, ...rest.samples];
  return {
    output: samples.length > 0 ? { assetId: batch.assetId, sensorId: batch.sensorId, unit: batch.unit, samples } : null,
    dropped: { duplicates: report.duplicates, outOfOrder: report.late, badQuality: report.unimputable },
    counts: {
      received: report.received,
      emitted: report.emitted,
      duplicates: report.duplicates,
      late: report.late,
      outOfRange: report.outOfRange,
      badQuality: report.badQuality,
      unimputable: report.unimputable,
    },
    flags: report.flags,
    operations: report.operations,
  };
}

function configError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PreprocessingConfigError) throw invalid(err.issues.map((i) => ({ ...i, path: `body.config.${i.path}` })));
    throw err;
  }
}

function invalid(issues: readonly { path: string; message: string; code?: string }[]): AppError {
  return new AppError('VALIDATION_FAILED', 'The preprocessing configuration cannot run', { issues });
}
