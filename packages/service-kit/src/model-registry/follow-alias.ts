import { CHAMPION_ALIAS, type ModelRegistry, type ModelVersion, type StopWatching } from './model-registry';

export interface LoadedModel<T> {
  readonly version: ModelVersion;
  readonly model: T;
}

export interface FollowAliasOptions<T> {
  /** Default `champion`. */
  readonly alias?: string;
  /** How often the alias is read. Default 5,000 ms. */
  readonly intervalMs?: number;
  /** Turns the version's artifact into something that predicts. Throwing keeps the current model; retried next poll. */
  readonly load: (bytes: Uint8Array, version: ModelVersion) => T | Promise<T>;
  /** After each swap, e.g. to log it or to release the previous model. */
  readonly onSwap?: (next: LoadedModel<T>, previous: LoadedModel<T> | undefined) => void;
  readonly onError?: (error: unknown) => void;
}

export interface FollowedModel<T> {
  /** The model to predict with: `undefined` until the alias first points at a version that loads. */
  current(): LoadedModel<T> | undefined;
  stop: StopWatching;
}

/**
 * The hot swap: follows an alias (`champion`) with `watchAlias`, downloads and loads each version it moves to, and
 * swaps the reference only once the new model has loaded, so predictions never wait for a load and never see a
 * half-loaded model. A prediction that already holds the previous model finishes with it. When the alias is removed
 * the last model stays in service: a registry edit must not stop predictions.
 */
export function followAlias<T>(registry: ModelRegistry, model: string, options: FollowAliasOptions<T>): FollowedModel<T> {
  let loaded: LoadedModel<T> | undefined;
  const stop = registry.watchAlias(
    model,
    options.alias ?? CHAMPION_ALIAS,
    options.intervalMs ?? 5_000,
    async (version) => {
      if (version === undefined) return;
      const next = { version, model: await options.load(await registry.downloadArtifact(version), version) };
      const previous = loaded;
      loaded = next;
      options.onSwap?.(next, previous);
    },
    options.onError === undefined ? {} : { onError: options.onError },
  );
  return { current: () => loaded, stop };
}
