import type { ExtractedFeaturesPayload, RulPredictionPayload } from '@vigie/contracts';
import type { Logger } from '@vigie/service-kit';
import type { ChampionPredictors } from '../adapters/champion-predictors';
import type { TrainingSeriesRepository } from '../adapters/training-series-repository';
import { AssetRows, sameSpec, type RowSpec } from '../domain/online-rows';
import type { RulGbdtPredictor } from '../domain/rul-gbdt-predictor';
import { sensorKind, type WindowedRows } from '../domain/simulator-units';

/** A champion served online: a windowed-features source's current champion version. */
interface Served {
  source: string;
  modelVersion: string;
  predictor: RulGbdtPredictor;
  rows: WindowedRows;
  spec: RowSpec;
}

/** Where asset types come from (ingestion's asset catalog). */
export interface AssetTypes {
  typeOf(assetId: string): string | undefined;
}

/**
 * Online RUL by trained models: for each source whose rows are windowed features (a simulator source), its registry
 * `champion` serves the assets it covers (asset id or type in the model's row record). `refresh` re-reads the champion
 * aliases (called before every batch, so a new champion serves from the next window without restart; a version is
 * downloaded once). Each covered asset's rows are assembled from its extracted-features windows (AssetRows); a
 * complete history of the model's `window` rows gives a prediction, converted from windows to hours.
 *
 * Restart: the rows live in memory only; after a restart (or a champion whose rows differ) an asset is predicted
 * again after `window` complete windows (the warm-up), the trend model is not used for it meanwhile.
 */
export class ServeTrainedRul {
  private served: Served[] = [];
  private readonly buffers = new Map<string, AssetRows>();

  constructor(
    private readonly champions: ChampionPredictors,
    private readonly series: TrainingSeriesRepository,
    private readonly assetTypes: AssetTypes,
    private readonly logger: Logger,
  ) {}

  /** Re-reads which versions are champions. A registry or artifact failure keeps the champions already served. */
  async refresh(): Promise<void> {
    try {
      const next: Served[] = [];
      for (const source of await this.series.windowedSources()) {
        const champion = await this.champions.champion(source);
        if (!champion) continue;
        const { modelVersion } = champion;
        const current = this.served.find((s) => s.modelVersion === modelVersion);
        if (current) {
          next.push(current);
          continue;
        }
        const predictor = await this.champions.predictor(champion);
        if (!predictor.rows) continue; // a C-MAPSS model under a source re-imported from the simulator since
        const spec = { columns: predictor.rows.columns, windowMs: predictor.rows.windowSeconds * 1000, length: predictor.window };
        next.push({ source, modelVersion, predictor, rows: predictor.rows, spec });
        this.logger.info({ source, modelVersion }, 'serving a trained RUL champion online');
      }
      this.served = next;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'cannot refresh the trained RUL champions; serving the ones loaded');
    }
  }

  /** The champion covering an asset (by id, then by type), if any. */
  covering(assetId: string): Served | undefined {
    const type = this.assetTypes.typeOf(assetId);
    return (
      this.served.find((s) => s.rows.assets.includes(assetId)) ??
      (type === undefined ? undefined : this.served.find((s) => s.rows.assetTypes.includes(type)))
    );
  }

  /** Adds a window of one sensor of a covered asset; returns the prediction when it completes a history. */
  add(served: Served, w: ExtractedFeaturesPayload): RulPredictionPayload | null {
    const key = `${served.source}\u0000${w.assetId}`;
    let rows = this.buffers.get(key);
    if (!rows || !sameSpec(rows.spec, served.spec)) this.buffers.set(key, (rows = new AssetRows(served.spec)));
    const history = rows.add(sensorKind(w.assetId, w.sensorId), w.windowStart, w.windowEnd, w.features);
    if (!history) return null;
    const n = history.rows.length;
    const windowMs = served.spec.windowMs;
    const [r] = served.predictor.predict([
      {
        unit: 1,
        cycles: Float64Array.from(history.rows, (_, i) => (history.end - (n - 1 - i) * windowMs) / windowMs),
        settings: { rows: n, cols: 0, data: new Float64Array(0) },
        sensors: { rows: n, cols: served.spec.columns.length, data: Float64Array.from(history.rows.flat()) },
      },
    ]);
    // The model's target is the time from a window's end to the failure, in windows: the interval is the calibrated one.
    // Where it reaches the target's cap, `upper` is the cap in hours and the RUL has no upper bound (upperUnbounded).
    const hours = windowMs / 3_600_000;
    return {
      predictionId: `rul:${w.assetId}:${history.end}`,
      assetId: w.assetId,
      predictedAt: Date.now(),
      asOf: history.end,
      rul: r!.rul * hours,
      lower: r!.lower * hours,
      upper: r!.upper * hours,
      upperUnbounded: r!.upperUnbounded,
      level: r!.level,
      unit: 'h',
      healthIndex: Math.min(1, r!.rul / served.predictor.horizon),
      modelVersion: served.modelVersion,
    };
  }
}
