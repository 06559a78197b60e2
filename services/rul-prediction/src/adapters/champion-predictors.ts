import { CHAMPION_ALIAS, isModelRegistryError, type ModelRegistry } from '@vigie/service-kit';
import { RulGbdtPredictor } from '../domain/rul-gbdt-predictor';
import { registryModelName } from '../domain/rul-job';

/** A source's champion: its registry model (`rul-<source>`) and version. */
export interface Champion {
  readonly model: string;
  readonly version: number;
  /** `rul-<source>@<version>`, the model version predictions carry. */
  readonly modelVersion: string;
}

/**
 * Trained RUL models read from the model registry: which version is a source's `champion` (read at every call, so a
 * promotion or a hand-moved alias serves at once), and each version's predictor, downloaded and parsed once (a failed
 * download is retried at the next call).
 */
export class ChampionPredictors {
  private readonly loaded = new Map<string, Promise<RulGbdtPredictor>>();

  constructor(private readonly registry: ModelRegistry) {}

  /** The source's champion, or null when the source has no model or no champion. */
  async champion(source: string): Promise<Champion | null> {
    const model = registryModelName(source);
    const version = await this.registry.getVersionByAlias(model, CHAMPION_ALIAS).catch((error: unknown) => {
      if (isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) return null;
      throw error;
    });
    return version ? { model, version: version.version, modelVersion: `${model}@${version.version}` } : null;
  }

  predictor(champion: Champion): Promise<RulGbdtPredictor> {
    let p = this.loaded.get(champion.modelVersion);
    if (!p) {
      p = this.registry
        .downloadArtifact({ model: champion.model, version: champion.version })
        .then((bytes) => RulGbdtPredictor.fromArtifact(JSON.parse(new TextDecoder().decode(bytes))));
      p.catch(() => this.loaded.delete(champion.modelVersion));
      this.loaded.set(champion.modelVersion, p);
    }
    return p;
  }
}
