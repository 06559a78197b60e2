import type { z } from 'zod';
import type { SeriesPredictRequest, SeriesPrediction } from '@vigie/contracts';
import { isMlError, type UnitSeries } from '@vigie/ml';
import { AppError } from '@vigie/service-kit';
import type { ChampionPredictors } from '../adapters/champion-predictors';
import { registryModelName } from '../domain/rul-job';

type Request = z.infer<typeof SeriesPredictRequest>;
type Prediction = z.infer<typeof SeriesPrediction>;

/**
 * RUL of a posted history by the `champion` of `rul-<source>`. The alias is read at every request (a promotion or a
 * hand-moved alias serves at once); each version's artifact is downloaded and parsed once.
 */
export class PredictSeries {
  constructor(private readonly champions: ChampionPredictors) {}

  async execute(body: Request): Promise<Prediction> {
    const champion = await this.champions.champion(body.source);
    if (!champion) {
      const model = registryModelName(body.source);
      throw new AppError('RUL_MODEL_NOT_FOUND', `no champion of ${model}: train one with POST /api/v1/rul/train`, { model });
    }
    const { model, version } = champion;
    const predictor = await this.champions.predictor(champion);
    const unit = toUnitSeries(body, predictor.shape);
    let r;
    try {
      [r] = predictor.predict([unit]);
    } catch (error) {
      throw isMlError(error, 'ML_BAD_INPUT') ? new AppError('RUL_SERIES_INVALID', error.message) : error;
    }
    return {
      source: body.source,
      ...(body.assetId === undefined ? {} : { assetId: body.assetId }),
      model,
      version,
      modelVersion: champion.modelVersion,
      rul: r!.rul,
      lower: r!.lower,
      upper: r!.upper,
      upperUnbounded: r!.upperUnbounded,
      level: r!.level,
      unit: 'cycles',
      cycles: unit.cycles.length,
    };
  }
}

/** The posted rows as one unit; RUL_SERIES_INVALID when they do not have the model's columns or cycles do not increase. */
function toUnitSeries(body: Request, shape: { settings: number; sensors: number }): UnitSeries {
  const n = body.sensors.length;
  const invalid = (reason: string) => new AppError('RUL_SERIES_INVALID', reason, { expected: shape });
  if (body.settings.length !== n) throw invalid(`${body.settings.length} settings rows for ${n} sensor rows`);
  if (body.cycles !== undefined && body.cycles.length !== n) throw invalid(`${body.cycles.length} cycles for ${n} rows`);
  if (body.settings.some((r) => r.length !== shape.settings)) throw invalid(`every settings row must hold ${shape.settings} values`);
  if (body.sensors.some((r) => r.length !== shape.sensors)) throw invalid(`every sensors row must hold ${shape.sensors} values`);
  const cycles = Float64Array.from(body.cycles ?? Array.from({ length: n }, (_, i) => i + 1));
  for (let i = 1; i < n; i++) if (!(cycles[i]! > cycles[i - 1]!)) throw invalid(`cycle ${cycles[i]} does not follow ${cycles[i - 1]}`);
  return {
    unit: 1,
    cycles,
    settings: { rows: n, cols: shape.settings, data: Float64Array.from(body.settings.flat()) },
    sensors: { rows: n, cols: shape.sensors, data: Float64Array.from(body.sensors.flat()) },
  };
}
