import { isMlError, parseCmapss } from '@vigie/ml';
import { buildCatalog, simulateRunToFailure, TRAINING_FAILURES } from '@vigie/plant-simulator';
import { AppError } from '@vigie/service-kit';
import type { TrainingSeriesRepository } from '../adapters/training-series-repository';
import { simulatorUnits, type WindowedRows } from '../domain/simulator-units';

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

export interface SimulatorImport {
  seed: number;
  runs: number;
  windowSeconds: number;
  assets?: string[] | undefined;
  coverBy: 'type' | 'asset';
}

/**
 * Runs the plant simulator's run-to-failure export (`simulateRunToFailure`) for the chosen degrading assets (the
 * training failures, all by default) and stores its windowed time-domain features as the source's training data, with
 * the record of its columns, window length, assets and asset types. RUL_TRAINING_DATA_INVALID on an asset that has no
 * training failure, on assets of different sensor kinds or when no unit has a full window.
 */
export async function importSimulator(
  series: TrainingSeriesRepository,
  source: string,
  o: SimulatorImport,
): Promise<ImportedSource & WindowedRows> {
  const ids = o.assets ?? TRAINING_FAILURES.map((f) => f.assetId);
  const unknown = ids.filter((id) => !TRAINING_FAILURES.some((f) => f.assetId === id));
  if (unknown.length > 0)
    throw new AppError('RUL_TRAINING_DATA_INVALID', `no simulated failure for ${unknown.join(', ')}`, {
      known: TRAINING_FAILURES.map((f) => f.assetId),
    });
  const catalog = buildCatalog();
  const kindsOf = (id: string) =>
    catalog
      .find((a) => a.id === id)!
      .sensors.map((s) => s.kind)
      .sort()
      .join(',');
  if (new Set(ids.map(kindsOf)).size > 1)
    throw new AppError(
      'RUL_TRAINING_DATA_INVALID',
      `assets ${ids.join(', ')} do not carry the same sensor kinds: train them as separate sources`,
    );
  const histories = simulateRunToFailure({
    seed: o.seed,
    runs: o.runs,
    failures: TRAINING_FAILURES.filter((f) => ids.includes(f.assetId)),
  });
  const { units, columns } = simulatorUnits(histories, o.windowSeconds);
  if (units.length < 3)
    throw new AppError(
      'RUL_TRAINING_DATA_INVALID',
      `${units.length} runs with full windows of ${o.windowSeconds} s: training needs 3 or more`,
    );
  const record: WindowedRows = {
    windowSeconds: o.windowSeconds,
    columns,
    assets: [...ids].sort(),
    assetTypes: o.coverBy === 'type' ? [...new Set(ids.map((id) => catalog.find((a) => a.id === id)!.type))].sort() : [],
  };
  const rows = await series.replace(source, units, record);
  return { source, units: units.length, rows, settings: 0, sensors: columns.length, ...record };
}
