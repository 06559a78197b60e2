import { isMlError, parseCmapss } from '@vigie/ml';
import { AppError } from '@vigie/service-kit';
import type { TrainingSeriesRepository } from '../adapters/training-series-repository';

export interface ImportedSource {
  source: string;
  units: number;
  rows: number;
  settings: number;
  sensors: number;
}

/**
 * Imports a C-MAPSS training file (`train_FD00X.txt`: run-to-failure histories) as the source's training data,
 * replacing what the source held. A malformed file fails with RUL_TRAINING_DATA_INVALID naming the line.
 */
export async function importCmapss(series: TrainingSeriesRepository, source: string, text: string): Promise<ImportedSource> {
  let units;
  try {
    units = parseCmapss(text);
  } catch (error) {
    if (isMlError(error, 'ML_BAD_INPUT')) throw new AppError('RUL_TRAINING_DATA_INVALID', error.message, error.details);
    throw error;
  }
  const rows = await series.replace(source, units);
  return { source, units: units.length, rows, settings: units[0]!.settings.cols, sensors: units[0]!.sensors.cols };
}
