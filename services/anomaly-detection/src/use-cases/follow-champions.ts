import { followAlias, type FollowedModel, type Logger, type ModelRegistry } from '@vigie/service-kit';
import { parseArtifact, versionLabel, type ArtifactModels } from '../domain/baseline-artifact';
import { registryModelName } from '../domain/training-job';
import type { AnomalyRepository } from '../adapters/anomaly-repository';
import type { ScoreWindows } from './score-windows';

/**
 * Follows the `champion` alias of every asset's registry model and hot-swaps the scoring baselines when it moves
 * (a training job's promotion, or an operator moving the alias by hand), without a restart. A version is recorded
 * as the active rows of `anomaly_models` before scoring switches to it; a failed load keeps the current baselines
 * and is retried at the next poll.
 */
export class ChampionFollower {
  private readonly followed = new Map<string, FollowedModel<ArtifactModels>>();
  private stopped = false;

  constructor(
    private readonly registry: ModelRegistry,
    private readonly repo: AnomalyRepository,
    private readonly scoring: () => ScoreWindows,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Starts following the asset's champion; idempotent. */
  follow(assetId: string): void {
    if (this.stopped || this.followed.has(assetId)) return;
    const model = registryModelName(assetId);
    this.followed.set(
      assetId,
      followAlias<ArtifactModels>(this.registry, model, {
        intervalMs: this.intervalMs,
        load: async (bytes, version) => {
          const models = parseArtifact(bytes, versionLabel(model, version.version));
          await this.repo.activate(models, 'train', version.version);
          return models;
        },
        onSwap: (next, previous) => {
          this.activate(next.model);
          this.logger.info({ assetId, version: next.version.version, previous: previous?.version.version }, 'anomaly champion swapped in');
        },
        onError: (err) => this.logger.warn({ err, assetId }, 'anomaly champion not loaded; retrying at the next poll'),
      }),
    );
  }

  /** Puts a version's models into service now (a job's own promotion need not wait for the next poll). */
  activate(models: ArtifactModels): void {
    this.scoring().useVersion(models);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.followed.values()].map((f) => f.stop()));
    this.followed.clear();
  }
}
