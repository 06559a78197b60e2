import { isModelRegistryError } from './errors';
import type { AliasChangeHandler, ModelRegistry, ModelVersion, StopWatching, WatchAliasOptions } from './model-registry';
import { assertValidAlias, assertValidInterval, assertValidName } from './validation';

/**
 * `ModelRegistry.watchAlias` for any adapter, by polling `getVersionByAlias`: neither MLflow nor a directory can
 * push a change, and a poll every few seconds is nothing next to a model's lifetime. A timer chain rather than an
 * interval, so a slow registry or a slow model load never stacks polls.
 */
export function pollAlias(
  registry: Pick<ModelRegistry, 'getVersionByAlias'>,
  model: string,
  alias: string,
  intervalMs: number,
  onChange: AliasChangeHandler,
  options: WatchAliasOptions = {},
): StopWatching {
  assertValidName('model', model);
  assertValidAlias(alias);
  assertValidInterval(intervalMs);
  if (typeof onChange !== 'function') throw new TypeError('onChange must be a function');
  const reportError = options.onError ?? (() => undefined);
  let stopped = false;
  /** The version the handler last accepted; `undefined` = the alias points nowhere, as it is assumed to at first. */
  let seen: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

  const poll = async (): Promise<void> => {
    let current: ModelVersion | undefined;
    try {
      current = await registry.getVersionByAlias(model, alias);
    } catch (error) {
      // No model or no alias (yet, or any more) is an answer; anything else is a failed poll, retried next time.
      if (!isModelRegistryError(error, 'REGISTRY_NOT_FOUND')) return reportError(error);
    }
    if (stopped || current?.version === seen) return;
    try {
      await onChange(current);
      seen = current?.version;
    } catch (error) {
      reportError(error);
    }
  };

  const tick = (): void => {
    inFlight = poll().finally(() => {
      inFlight = undefined;
      if (stopped) return;
      timer = setTimeout(tick, intervalMs);
      // A watch alone must not keep a process alive: the service it feeds does that.
      timer.unref();
    });
  };
  tick();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await inFlight;
  };
}

/** `watchAlias` of an adapter that logs failed polls unless the caller handles them (`options.onError`). */
export function pollAliasLogged(
  registry: Pick<ModelRegistry, 'getVersionByAlias'>,
  logger: { warn(obj: object, msg: string): void },
  model: string,
  alias: string,
  intervalMs: number,
  onChange: AliasChangeHandler,
  options: WatchAliasOptions = {},
): StopWatching {
  const onError = options.onError ?? ((error: unknown) => logger.warn({ err: error, model, alias }, 'model alias poll failed'));
  return pollAlias(registry, model, alias, intervalMs, onChange, { onError });
}
